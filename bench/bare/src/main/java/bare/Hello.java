package bare;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The bare baseline's one page. */
@Path("/")
public class Hello {

    @GET
    public String hello() {
        return "hello";
    }
}

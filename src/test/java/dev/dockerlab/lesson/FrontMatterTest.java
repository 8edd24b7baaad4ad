package dev.dockerlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FrontMatterTest {

    @Test
    void anIndentedDashLineInsideABlockValueDoesNotCloseTheFrontMatter() {
        String text = """
                ---
                solution: |
                  cat > app.yaml <<'EOF'
                  kind: Deployment
                  ---
                  kind: Service
                  EOF
                ---
                # Two objects in one file
                """;
        List<Problem> problems = new ArrayList<>();
        FrontMatter front = FrontMatter.parse(text, "step.md", problems);
        assertThat(problems).isEmpty();
        assertThat(front.string("solution")).hasValueSatisfying(s -> assertThat(s).contains("kind: Deployment\n---\nkind: Service"));
    }
}

#!/bin/bash
# runs as root when the scenario starts
mkdir -p /etc/site /root/site
cat > /etc/site/site.conf <<CONF
# site configuration
name = demo
docroot = /var/wwww/site
CONF
cat > /root/site/index.html <<HTML
<h1>Hello from the machine</h1>
HTML
cat > /root/site/Dockerfile <<DOCKERFILE
FROM busybox
COPY index.html /www/index.html
CMD ["httpd", "-f", "-p", "80", "-h", "/www"]
DOCKERFILE
useradd --system --no-create-home --shell /usr/sbin/nologin site
chown -R site:site /root/site
docker pull busybox > /dev/null 2>&1
echo done > /tmp/background-finished

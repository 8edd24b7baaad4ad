echo "Starting a container..."
while [ ! -f /tmp/docker-ready ]; do sleep 1; done
echo "CONTAINER-STARTED"

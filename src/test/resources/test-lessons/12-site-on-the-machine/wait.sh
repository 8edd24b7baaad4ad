echo "Preparing the machine..."
while [ ! -f /tmp/background-finished ]; do sleep 1; done
echo "Machine ready"

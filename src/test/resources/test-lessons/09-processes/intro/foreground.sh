echo "Preparing your machine..."
while [ ! -f /tmp/intro-ready ]; do sleep 1; done
echo "READY-FROM-FOREGROUND"

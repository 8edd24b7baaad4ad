while [ ! -f /etc/scenario/setup.conf ]; do sleep 1; done; echo "Setup done"

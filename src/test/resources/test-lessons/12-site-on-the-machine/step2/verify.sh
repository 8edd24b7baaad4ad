#!/bin/bash
docker exec web wget -qO- http://localhost/ | grep -q "Hello from the machine"

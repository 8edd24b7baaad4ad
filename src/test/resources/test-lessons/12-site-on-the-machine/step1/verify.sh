#!/bin/bash
grep -qx 'docroot = /var/www/site' /etc/site/site.conf

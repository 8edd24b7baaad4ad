echo "finish-foreground-ran"

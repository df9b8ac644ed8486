#!/bin/sh
# Stands in for wdklock in the supersede test: a file that says SLOW takes 60 s (so only a
# kill ends it); anything else goes to the real wdklock.
for last; do :; done
if grep -q SLOW "$last"; then sleep 60; fi
exec wdklock "$@"

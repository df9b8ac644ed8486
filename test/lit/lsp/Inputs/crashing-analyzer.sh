#!/bin/sh
# Stands in for wdklock in the crash test: every analysis dies of SIGSEGV.
kill -SEGV $$

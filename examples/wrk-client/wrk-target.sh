#!/bin/sh
# wrk takes its URL as an argument and portlab runs no shell to expand $PORTLAB_TARGET_URL: this command puts the
# lab's target after the options the scenario's `run:` gives it.
exec wrk "$@" "$PORTLAB_TARGET_URL"

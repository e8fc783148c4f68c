"""The keep-alive agent of real nodes: a Perl script and its SMF manifest."""

"""Command-line and file plumbing shared by both parts' CLIs and benchmarks.

Nothing here is about autograd: writing a file atomically, checking a path before the
long work, argparse number types, the loss-curve overwrite guard and the benchmarks'
number formatting. ``tensor_autograd``'s command lines, data reader and benchmark import
these modules too, so each helper exists once; the engines of both parts never import
them.
"""

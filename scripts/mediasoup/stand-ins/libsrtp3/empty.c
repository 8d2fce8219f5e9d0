/* Empty on purpose: stands for a static library that Debian's shared one replaces. */

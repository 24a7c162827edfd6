"""The support pages: cases, a CSR's queue, the figures."""

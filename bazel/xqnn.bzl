"""Helpers of xqnn's BUILD.bazel: kernel files by ISA suffix."""

def xqnn_isa_of(path):
    """The ISA of a kernel file src/<family>/<name>-<isa>[-<variant>].c."""
    base = path[:-len(".c")]
    for variant in ["-mull", "-madd", "-w16"]:  # neon without 16-bit pair sums; avx2 with vpmaddubsw / int16 weights
        if base.endswith(variant):
            base = base[:-len(variant)]
    return base.rsplit("-", 1)[1]

def xqnn_kernels_by_isa(srcs, isas):
    """Groups kernel files by ISA suffix; fails on a suffix not in isas (as CMakeLists.txt does)."""
    groups = {isa: [] for isa in isas}
    for src in srcs:
        isa = xqnn_isa_of(src)
        if isa not in groups:
            fail("unknown ISA suffix '%s' in %s" % (isa, src))
        groups[isa].append(src)
    return groups

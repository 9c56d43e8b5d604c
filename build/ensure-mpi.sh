#!/usr/bin/env bash
# Makes sure an MPICH-ABI MPI (mpiexec + libmpich.so.12) is present for the multi-process tests.
# Idempotent and quick when it is already there; on Debian/Ubuntu as root it installs Debian's `mpich`
# package. Run by the distributed test project before its tests (tests/T0Sharp.Distributed.Tests).
set -euo pipefail

have_mpich() {
  command -v mpiexec >/dev/null 2>&1 || return 1
  # Debian's mpich ships libmpich.so.12; Intel MPI and MVAPICH ship the same ABI as libmpi.so.12.
  ldconfig -p 2>/dev/null | grep -q -E 'lib(mpich|mpi)\.so\.12 ' || [ -n "${T0SHARP_MPI_LIBRARY:-}" ]
}

if have_mpich; then exit 0; fi

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-mpi: MPICH is missing and cannot be installed here (needs root and apt-get);" \
       "install it with: sudo apt-get install -y mpich" >&2
  exit 1
fi

echo "ensure-mpi: installing MPICH (Debian package mpich) for the distributed tests..."
export DEBIAN_FRONTEND=noninteractive
# A stale package list (or none) makes the install fail; refresh it once, quietly.
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends mpich >/dev/null
# Debian's alternatives may point mpiexec at Open MPI when both are installed: prefer MPICH's launcher.
if [ -x /usr/bin/mpiexec.mpich ]; then
  update-alternatives --set mpirun /usr/bin/mpirun.mpich >/dev/null 2>&1 || true
fi
have_mpich || { echo "ensure-mpi: MPICH installation did not provide mpiexec and libmpich.so.12" >&2; exit 1; }
echo "ensure-mpi: MPICH installed: $(mpiexec --version 2>/dev/null | head -n 2 | tr '\n' ' ')"

// encmap's window onto OpenBLAS (CBLAS plus its thread controls) and LAPACKE.
#ifndef ENCMAP_CLINEARALGEBRA_SHIM_H
#define ENCMAP_CLINEARALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif

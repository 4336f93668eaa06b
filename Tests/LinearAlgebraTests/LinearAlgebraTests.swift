import EncmapSupport
@testable import LinearAlgebra
import Testing
import TestSupport

func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
    var c = Matrix(rows: a.rows, columns: b.columns)
    for i in 0..<a.rows { for j in 0..<b.columns {
        var s = 0.0
        for k in 0..<a.columns { s += a[i, k] * b[k, j] }
        c[i, j] = s
    } }
    return c
}

@Suite struct MatrixProductTests {
    @Test func gramsMatchNaiveProducts() throws {
        var rng = SplitMix64(state: 1)
        let a = rng.uniformMatrix(7, 4)
        let outer = a.outerGram()
        #expect(outer.rows == 7 && outer.columns == 7)
        #expect(maxAbsDiff(outer, naiveProduct(a, a.transposed())) < 1e-12)
        let inner = a.innerGram()
        #expect(inner.rows == 4)
        #expect(maxAbsDiff(inner, naiveProduct(a.transposed(), a)) < 1e-12)
    }

    @Test func gemmHonoursTransposeFlags() throws {
        var rng = SplitMix64(state: 2)
        let a = rng.uniformMatrix(5, 3), b = rng.uniformMatrix(5, 6)
        let c = try Matrix.multiply(a, transposed: true, b)
        #expect(maxAbsDiff(c, naiveProduct(a.transposed(), b)) < 1e-12)
        let d = try Matrix.multiply(b, transposed: true, a)
        #expect(maxAbsDiff(d, naiveProduct(b.transposed(), a)) < 1e-12)
        #expect(throws: LinearAlgebraError.self) { try Matrix.multiply(a, b) }
        let y = try a.multiply([1, 2, 3])
        #expect(abs(y[4] - (a[4, 0] + 2 * a[4, 1] + 3 * a[4, 2])) < 1e-12)
    }

    @Test func rowArraysRoundTrip() {
        let m = Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]])
        #expect(m[1, 0] == 4 && m[0, 2] == 3)
        #expect(m.storage == [1, 4, 2, 5, 3, 6])
        #expect(m.transposed().rowArrays == [[1, 4], [2, 5], [3, 6]])
        #expect(m.selectingRows([1]).rowArrays == [[4, 5, 6]])
        #expect(m.selectingColumns([2, 0]).rowArrays == [[3, 1], [6, 4]])
    }
}

@Suite struct DecompositionTests {
    @Test func eigenOfKnownMatrix() throws {
        // [[2,1],[1,2]] has eigenvalues 3 and 1 with eigenvectors (1,1)/√2, (1,−1)/√2.
        let e = try SymmetricEigen(Matrix(rowArrays: [[2, 1], [1, 2]]))
        #expect(abs(e.values[0] - 3) < 1e-14 && abs(e.values[1] - 1) < 1e-14)
        let v = try #require(e.vectors)
        #expect(abs(abs(v[0, 0]) - 0.5.squareRoot()) < 1e-14)
        #expect(abs(v[0, 0] - v[1, 0]) < 1e-14)
    }

    @Test func eigenReconstructsRandomSymmetric() throws {
        var rng = SplitMix64(state: 3)
        let a = rng.uniformMatrix(9, 9)
        let s = naiveProduct(a, a.transposed())
        let e = try SymmetricEigen(s)
        #expect(zip(e.values, e.values.dropFirst()).allSatisfy { $0 >= $1 })
        let v = try #require(e.vectors)
        var d = Matrix(rows: 9, columns: 9)
        for k in 0..<9 { d[k, k] = e.values[k] }
        let back = naiveProduct(naiveProduct(v, d), v.transposed())
        #expect(maxAbsDiff(back, s) < 1e-12)
        let valuesOnly = try SymmetricEigen(s, computeVectors: false)
        #expect(valuesOnly.vectors == nil)
        #expect(zip(valuesOnly.values, e.values).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func eigenRejectsBadInput() {
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen(Matrix(rows: 2, columns: 3)) }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "SymmetricEigen")) {
            try SymmetricEigen(Matrix(rowArrays: [[1, .nan], [.nan, 1]]))
        }
    }

    @Test func svdReconstructsAndMatchesEigen() throws {
        var rng = SplitMix64(state: 4)
        for (m, n) in [(6, 4), (4, 6)] {
            let a = rng.uniformMatrix(m, n)
            let svd = try SingularValueDecomposition(a)
            let u = try #require(svd.u), vt = try #require(svd.vt)
            var us = u
            for j in 0..<svd.singularValues.count { for i in 0..<m { us[i, j] *= svd.singularValues[j] } }
            #expect(maxAbsDiff(naiveProduct(us, vt), a) < 1e-12)
            // Squared singular values are the eigenvalues of AᵀA / AAᵀ.
            let e = try SymmetricEigen(m < n ? a.outerGram() : a.innerGram(), computeVectors: false)
            for (s, l) in zip(svd.singularValues, e.values) { #expect(abs(s * s - l) < 1e-12) }
        }
        let valuesOnly = try SingularValueDecomposition(rng.uniformMatrix(5, 3), computeVectors: false)
        #expect(valuesOnly.u == nil && valuesOnly.singularValues.count == 3)
    }

    @Test func blasReportsItself() {
        #expect(BLASConfiguration.description.contains("OpenBLAS"))
        #expect(BLASConfiguration.threads >= 1)
    }
}

@Suite struct KernelChoiceTests {
    let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]

    @Test func fallbackKernelIsReplacedOnCapableCPUs() {
        #expect(BLASConfiguration.preferredKernel(environment: [:], cpuFlags: avx512, detectedCore: "Prescott") == "SkylakeX")
        #expect(BLASConfiguration.preferredKernel(environment: [:], cpuFlags: ["avx2", "fma"], detectedCore: "Prescott") == "Haswell")
        #expect(BLASConfiguration.preferredKernel(environment: [:], cpuFlags: ["sse3"], detectedCore: "Prescott") == nil)
    }

    @Test func userChoicesAndGoodDetectionAreRespected() {
        #expect(BLASConfiguration.preferredKernel(environment: [:], cpuFlags: avx512, detectedCore: "Haswell") == nil)
        #expect(BLASConfiguration.preferredKernel(environment: ["OPENBLAS_CORETYPE": "Prescott"], cpuFlags: avx512, detectedCore: "Prescott") == nil)
        #expect(BLASConfiguration.preferredKernel(environment: ["ENCMAP_BLAS_CORETYPE": "off"], cpuFlags: avx512, detectedCore: "Prescott") == nil)
        #expect(BLASConfiguration.preferredKernel(environment: ["ENCMAP_BLAS_CORETYPE": "Zen"], cpuFlags: [], detectedCore: "Haswell") == "Zen")
        #expect(BLASConfiguration.preferredKernel(environment: ["ENCMAP_BLAS_CORETYPE": "auto"], cpuFlags: avx512, detectedCore: "Prescott") == "SkylakeX")
    }
}

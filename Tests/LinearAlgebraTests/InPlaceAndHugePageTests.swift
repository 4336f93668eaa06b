import CLinearAlgebra
import EncmapSupport
@testable import LinearAlgebra
import Testing
import TestSupport

/// The allocation-saving routes compute exactly what the plain ones compute: same LAPACK/BLAS calls on the
/// same numbers, so the comparisons here are bit for bit, not within a tolerance.
@Suite struct InPlaceAndHugePageTests {
    /// A d×n matrix large enough that its d×d Gram (and dsyevd's workspace) take the huge-page routes.
    static func wide(_ d: Int, _ n: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(state: seed)
        return rng.normalishMatrix(d, n)
    }

    @Test(arguments: [(5, 9), (300, 40), (760, 800)])
    func upperGramIsTheGramsUpperTriangleWithZerosBelow(_ d: Int, _ n: Int) {
        let x = Self.wide(d, n, seed: UInt64(d))
        let full = x.outerGram(), upper = x.outerGramUpper()
        for j in 0..<d {
            for i in 0..<d {
                if i <= j {
                    #expect(upper[i, j].bitPattern == full[i, j].bitPattern)
                } else if upper[i, j] != 0 {
                    Issue.record("lower triangle (\(i), \(j)) is \(upper[i, j]), not 0"); return
                }
            }
        }
    }

    /// The eigendecomposition as `SymmetricEigen` computed it before it managed dsyevd's workspace itself:
    /// `LAPACKE_dsyevd` on a copy of the full Gram, values and columns reversed into a new matrix.
    static func lapackeReference(_ a: Matrix) -> (values: [Double], vectors: [Double]) {
        let n = a.rows
        var work = a.storage, w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), Int32(n),
                                  &work, Int32(n), &w)
        precondition(info == 0)
        var v = [Double](repeating: 0, count: n * n)
        for j in 0..<n { for i in 0..<n { v[j * n + i] = work[(n - 1 - j) * n + i] } }
        return (w.reversed(), v)
    }

    @Test(arguments: [(1, 3), (6, 20), (300, 40), (760, 800)])
    func eigenInPlaceIsBitIdenticalToLAPACKEsRoute(_ d: Int, _ n: Int) throws {
        let x = Self.wide(d, n, seed: 7 + UInt64(d))
        let reference = Self.lapackeReference(x.outerGram())
        let copying = try SymmetricEigen(x.outerGram())
        #expect(copying.values.map(\.bitPattern) == reference.values.map(\.bitPattern))
        #expect(copying.vectors!.storage.map(\.bitPattern) == reference.vectors.map(\.bitPattern))
        var upper = x.outerGramUpper()
        let inPlace = try SymmetricEigen(overwriting: &upper)
        #expect(upper.rows == 0 && upper.columns == 0, "the input is consumed")
        #expect(inPlace.values.map(\.bitPattern) == reference.values.map(\.bitPattern))
        #expect(inPlace.vectors!.storage.map(\.bitPattern) == reference.vectors.map(\.bitPattern))
        #expect(zip(inPlace.values, inPlace.values.dropFirst()).allSatisfy { $0 >= $1 }, "descending")
        let valuesOnly = try SymmetricEigen(x.outerGram(), computeVectors: false)
        var gram = x.outerGram().storage, w = [Double](repeating: 0, count: d)
        #expect(LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")), Int32(d),
                               &gram, Int32(d), &w) == 0)
        #expect(valuesOnly.vectors == nil && valuesOnly.values.map(\.bitPattern) == w.reversed().map(\.bitPattern))
    }

    @Test func eigenRefusesWhatItRefusedBefore() throws {
        var notSquare = Matrix(rows: 2, columns: 3)
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen(overwriting: &notSquare) }
        var nan = Matrix(rows: 2, columns: 2, storage: [1, .nan, .nan, 1])
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen(overwriting: &nan) }
        var empty = Matrix(rows: 0, columns: 0)
        let none = try SymmetricEigen(overwriting: &empty)
        #expect(none.values.isEmpty)
    }

    @Test(arguments: [(0..<256), (256..<300), (0..<300), (299..<300), (5..<5)])
    func productIntoABufferEqualsTheProductOfTheCopiedColumns(_ columns: Range<Int>) throws {
        let x = Self.wide(64, 2000, seed: 3), w = Self.wide(64, 300, seed: 4)
        let block = Matrix(rows: 64, columns: columns.count, storage: Array(w.storage[(columns.lowerBound * 64)..<(columns.upperBound * 64)]))
        let reference = try Matrix.multiply(x, transposed: true, block)
        var out = [Double](repeating: .nan, count: 2000 * columns.count)
        try out.withUnsafeMutableBufferPointer { try Matrix.multiplyTransposed(x, w, columns: columns, into: $0) }
        #expect(out.map(\.bitPattern) == reference.storage.map(\.bitPattern))
        #expect(throws: LinearAlgebraError.self) {
            try out.withUnsafeMutableBufferPointer { try Matrix.multiplyTransposed(x, w, columns: 290..<301, into: $0) }
        }
        #expect(throws: LinearAlgebraError.self) {
            try out.withUnsafeMutableBufferPointer { try Matrix.multiplyTransposed(x, Matrix(rows: 63, columns: 2), columns: 0..<0, into: $0) }
        }
    }

    @Test func paddedCountsFillWholeHugePages() {
        let huge = 2 << 20
        #expect(HugePages.paddedCount(1000, headerBytes: 32) == 1000, "small arrays are left alone")
        for count in [524_288, 589_824, 2_304_000, 10_240_000] {
            for header in [0, 32] {
                let padded = HugePages.paddedCount(count, headerBytes: header)
                #expect(padded >= count && padded - count < huge / 8)
                #expect((padded * 8 + header + 24) % huge == 0, "an mmap of whole huge pages")
            }
        }
    }

    @Test func hugePageAllocationsHoldWhatIsWritten() {
        let zeros = HugePages.zeros(700_000)
        #expect(zeros.count == 700_000 && zeros.allSatisfy { $0 == 0 })
        for count in [0, 10, 600_000, 1_300_001] {
            let sum = HugePages.withBuffer(count) { b -> Double in
                #expect(b.count == count)
                for i in b.indices { b[i] = Double(i) }
                return b.reduce(0, +)
            }
            #expect(sum == Double(count) * Double(max(count - 1, 0)) / 2)
        }
    }
}

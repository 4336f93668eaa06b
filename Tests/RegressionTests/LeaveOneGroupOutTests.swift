import EncmapSupport
@testable import Regression
import Testing
import TestSupport

/// Leave-one-group-out: scikit-learn's fold layout, whole groups per fold, and its refusals.
@Suite struct LeaveOneGroupOutTests {
    @Test(arguments: GoldenLeaveOneGroupOut.cases.map(\.name))
    func foldLayoutMatchesScikitLearn(_ name: String) throws {
        let c = try #require(GoldenLeaveOneGroupOut.cases.first { $0.name == name })
        let splits = try LeaveOneGroupOut(groups: c.groups).splits(rowCount: c.groups.count)
        #expect(splits.map(\.test) == c.tests)
        #expect(splits.map(\.fold) == Array(0..<c.tests.count))
        #expect(splits.allSatisfy { $0.repetition == 0 })
    }

    /// Seeded random label vectors: one fold per distinct group, each testing exactly that group's rows;
    /// no group is ever on both sides; every row is tested exactly once; train is the complement.
    @Test(arguments: [UInt64(11), 12, 13, 14, 15])
    func foldsHoldWholeGroupsAndTestEveryRowOnce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let n = 5 + rng.uniform(below: 60)
        let labelCount = 2 + rng.uniform(below: 12)
        var groups = (0..<n).map { _ in rng.uniform(below: labelCount) * 7 - 20 }
        if Set(groups).count < 2 { groups[0] = groups[1] + 1 }
        let splits = try LeaveOneGroupOut(groups: groups).splits(rowCount: n)
        #expect(splits.count == Set(groups).count)
        #expect(splits.flatMap(\.test).sorted() == Array(0..<n))
        for sp in splits {
            let tested = Set(sp.test.map { groups[$0] })
            #expect(tested.count == 1)
            #expect(tested.isDisjoint(with: Set(sp.train.map { groups[$0] })))
            #expect(sp.test.count == groups.filter { tested.contains($0) }.count)
            #expect(sp.train == (0..<n).filter { !sp.test.contains($0) })
            #expect(sp.test == sp.test.sorted())
        }
    }

    @Test func fewerThanTwoGroupsIsRefused() throws {
        for groups in [[Int](), [4], [4, 4, 4]] {
            #expect {
                _ = try LeaveOneGroupOut(groups: groups).splits(rowCount: groups.count)
            } throws: { error in
                guard case RegressionError.invalidSplit(let message)? = error as? RegressionError else { return false }
                return message == "leave-one-group-out needs at least 2 groups but the \(groups.count) rows fall into \(Set(groups).count); give rows of at least two groups"
            }
        }
    }

    @Test func labelCountMustMatchRows() throws {
        #expect(throws: RegressionError.invalidSplit("LeaveOneGroupOut has 3 group labels for 4 rows; give one label per row")) {
            _ = try LeaveOneGroupOut(groups: [0, 1, 1]).splits(rowCount: 4)
        }
    }
}

import Testing
@testable import Experiments
@Test func placeholder() { #expect(TaskCatalog.all.count == 82) }

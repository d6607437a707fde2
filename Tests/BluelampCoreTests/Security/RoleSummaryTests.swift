import BluelampCore
import Testing

/// What each role is said to do is what Bluelamp does; the rest is listed as not there yet.
@Suite struct RoleSummaryTests {
    /// Work the design describes that is not built: no role's summary may claim it.
    static let unbuilt = [
        "investigation plan", "victim contact", "reviews due", "supervisory review", "DASH", "Victims' Code",
    ]

    @Test(arguments: Role.allCases)
    func `a role's summary claims no work that is not built`(role: Role) {
        for work in Self.unbuilt { #expect(!role.summary.localizedCaseInsensitiveContains(work), "\(role): \(work)") }
    }

    @Test func `investigators and supervisors are told what is not there yet`() {
        #expect(Role.investigator.notYet.contains { $0.contains("investigation plans") })
        #expect(Role.investigator.notYet.contains { $0.contains("victim contacts") })
        #expect(Role.supervisor.notYet.contains { $0.contains("supervisory reviews") })
    }
}

import BluelampCore
import Testing

/// What each role is said to do is what Bluelamp does; the rest is listed as not there yet.
@Suite struct RoleSummaryTests {
    /// Work the design describes that is not built: no role's summary may claim it.
    static let unbuilt = ["victim contact", "Victims' Code"]

    /// Work that has been built (issues 16 and 17): the summaries say so, and nothing lists it as missing.
    static let built = ["investigation plans", "supervisory reviews", "DASH", "MARAC"]

    @Test(arguments: Role.allCases)
    func `a role's summary claims no work that is not built`(role: Role) {
        for work in Self.unbuilt { #expect(!role.summary.localizedCaseInsensitiveContains(work), "\(role): \(work)") }
    }

    @Test func `investigators and supervisors are told what is not there yet, and not what is`() {
        #expect(Role.investigator.notYet.contains { $0.contains("victim contacts") })
        #expect(Role.investigator.summary.contains("investigation plans"))
        #expect(Role.supervisor.summary.contains("supervisory reviews"))
        for role in Role.allCases {
            for work in Self.built { #expect(!role.notYet.contains { $0.contains(work) }, "\(role): \(work)") }
        }
    }
}

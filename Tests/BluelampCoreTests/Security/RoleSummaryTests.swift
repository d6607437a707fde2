import BluelampCore
import Testing

/// What each role is said to do is what Bluelamp does; the rest is listed as not there yet.
@Suite struct RoleSummaryTests {
    /// Work the design describes that is not built: no role's summary may claim it.
    static let unbuilt = ["photograph"]

    /// Work that has been built (issues 16 to 19): the summaries say so, and nothing lists it as missing.
    static let built = [
        "investigation plans", "supervisory reviews", "victim contacts", "victims' rights", "Victims' Code", "DVPNs",
        "Clare's Law", "missing people", "calls", "digital forensics", "DASH", "MARAC", "organised crime",
    ]

    @Test(arguments: Role.allCases)
    func `a role's summary claims no work that is not built`(role: Role) {
        for work in Self.unbuilt { #expect(!role.summary.localizedCaseInsensitiveContains(work), "\(role): \(work)") }
    }

    @Test func `summaries say what is built, and nothing built is listed as not there yet`() {
        #expect(Role.investigator.summary.contains("Victims' Code"))
        #expect(Role.publicProtection.summary.contains("safeguarding"))
        #expect(Role.investigator.summary.contains("investigation plans"))
        #expect(Role.supervisor.summary.contains("supervisory reviews"))
        for role in Role.allCases {
            for work in Self.built { #expect(!role.notYet.contains { $0.contains(work) }, "\(role): \(work)") }
        }
    }
}

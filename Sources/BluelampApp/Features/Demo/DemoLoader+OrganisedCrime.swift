import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

extension DemoLoader {
    /// The serious and organised crime register (`DemoOrganisedCrime`): groups in every BCU with members drawn from
    /// the people on its crimes, mappings, lead officers, 4P plans, disruptions, neighbourhood intelligence,
    /// partnership meetings and local profiles, with the gaps PEEL 2016 found; none when groups are already stored.
    func loadOrganisedCrime(progress: TerminalProgress?) async throws {
        guard try await !OrganisedCrimeDemoStore.hasGroups(on: database) else { return }
        let today = CalendarDay(containing: now, in: .london)
        let candidates = try await OrganisedCrimeDemoStore.candidates(
            peoplePerBCU: DemoOrganisedCrime.groupsPerBCU(scale) * 8, policy: .standard, on: database)
        let groups = DemoOrganisedCrime.generate(seed: seed, scale: scale, today: today, candidates: candidates)
        try await OrganisedCrimeDemoStore.insert(
            groups, meetings: DemoOrganisedCrime.meetings(seed: seed, today: today),
            profiles: DemoOrganisedCrime.profiles(seed: seed, today: today), now: now, on: database)
        progress?.report("Organised crime groups", groups.count, groups.count)
    }
}

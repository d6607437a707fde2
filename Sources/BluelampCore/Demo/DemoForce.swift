import Foundation

/// How big a demo force to make.
public enum DemoScale: String, CaseIterable, Sendable {
    /// About 600 officers: quick to generate, for trying the product.
    case small
    /// About 33,000 officers: the Metropolitan Police's size, for measuring.
    case met

    /// Officers per territorial BCU and in force-wide units, before rounding to whole teams.
    var officersPerBCU: Int { self == .small ? 36 : 2_200 }
    var forceWideOfficers: Int { self == .small ? 120 : 6_600 }
}

public struct DemoTeam: Sendable, Hashable {
    public var key: Int
    public var name: String
    public var kind: TeamKind
    public var bcu: BCU
}

public struct DemoOfficer: Sendable, Hashable {
    public var warrantNumber: String
    public var givenName: String
    public var familyName: String
    public var rank: Rank
    public var bcu: BCU
    public var teamKey: Int
    public var pipLevel: PIPLevel?
    public var caseloadCapOverride: Int?
    public var status: OfficerStatus
    public var specialisms: [(Specialism, Date)]

    public static func == (a: DemoOfficer, b: DemoOfficer) -> Bool {
        a.warrantNumber == b.warrantNumber && a.givenName == b.givenName && a.familyName == b.familyName
            && a.rank == b.rank && a.bcu == b.bcu && a.teamKey == b.teamKey && a.pipLevel == b.pipLevel
            && a.caseloadCapOverride == b.caseloadCapOverride && a.status == b.status
            && a.specialisms.map(\.0) == b.specialisms.map(\.0) && a.specialisms.map(\.1) == b.specialisms.map(\.1)
    }

    public func hash(into h: inout Hasher) { h.combine(warrantNumber) }
}

/// The organisation part of a demo force.
public struct DemoOrganisation: Sendable {
    public var teams: [DemoTeam]
    public var officers: [DemoOfficer]
}

/// A deterministic synthetic London force: teams and officers with realistic ranks, PIP levels,
/// specialisms and caseload caps in every BCU. The same seed and scale always give the same force.
///
/// Later records (crimes, victims, offenders, visits…) are added by further generators that take the
/// same seed and this organisation, so every part of the demo hangs together.
public struct DemoForceGenerator: Sendable {
    public var seed: UInt64
    public var scale: DemoScale
    /// The demo's "today": accreditation expiry dates are spread around it.
    public var today: Date

    public init(seed: UInt64 = 2016, scale: DemoScale, today: Date) {
        self.seed = seed
        self.scale = scale
        self.today = today
    }

    /// The share of a BCU's officers in each kind of team, and the team size.
    static let bcuMix: [(TeamKind, Double, Int, String)] = [
        (.response, 0.42, 30, "Emergency Response"),
        (.neighbourhood, 0.20, 20, "Safer Neighbourhoods"),
        (.investigation, 0.20, 18, "CID Investigation"),
        (.safeguarding, 0.10, 16, "Public Protection"),
        (.crimeManagement, 0.04, 12, "Crime Management Unit"),
        (.offenderManagement, 0.04, 12, "Offender Management"),
    ]

    static let forceWideUnits: [(String, Double, Specialism?)] = [
        ("Homicide and Major Crime", 0.40, .homicide),
        ("Fraud and Cyber Crime", 0.20, .fraud),
        ("Child Exploitation and Online Protection", 0.15, .childAbuse),
        ("Rape and Serious Sexual Offences", 0.25, .sexualOffences),
    ]

    public func organisation() -> DemoOrganisation {
        var rng = SeededGenerator(seed: seed)
        var teams: [DemoTeam] = []
        var officers: [DemoOfficer] = []
        var warrant = 100_000 + Int(seed % 50_000)

        func nextWarrant() -> String {
            warrant += 1 + Int(rng.next() % 7)
            return String(warrant)
        }

        func person() -> (String, String) {
            (rng.pick(DemoNames.given), rng.pick(DemoNames.family))
        }

        func accreditation(_ s: Specialism) -> (Specialism, Date) {
            // Accreditations run for 3 years; spread expiries from 3 months ago to 3 years ahead.
            let days = Int.random(in: -90...1_095, using: &rng)
            return (s, Calendar.bluelampUTC.startOfDay(for: today.addingTimeInterval(Double(days) * 86_400)))
        }

        func status() -> OfficerStatus {
            let r = Double.random(in: 0..<1, using: &rng)
            return r < 0.06 ? .leave : (r < 0.09 ? .restricted : .onDuty)
        }

        func addTeam(_ name: String, _ kind: TeamKind, _ bcu: BCU, size: Int, specialism: Specialism?) {
            let key = teams.count
            teams.append(DemoTeam(key: key, name: name, kind: kind, bcu: bcu))
            let detective = kind == .investigation || kind == .safeguarding || kind == .forceWide
            for i in 0..<size {
                let (given, family) = person()
                let rank: Rank
                if i == 0 {
                    rank = detective ? .detectiveInspector : .inspector
                } else if i <= max(1, size / 7) {
                    rank = detective ? .detectiveSergeant : .sergeant
                } else if kind == .crimeManagement && rng.chance(0.4) {
                    rank = .policeStaff
                } else {
                    rank = detective ? (rng.chance(0.85) ? .detectiveConstable : .policeStaff) : .constable
                }
                var level: PIPLevel?
                var specialisms: [(Specialism, Date)] = []
                var capOverride: Int?
                switch kind {
                case .response, .neighbourhood:
                    level = rng.chance(0.75) ? .pip1 : nil
                case .crimeManagement, .offenderManagement:
                    level = rng.chance(0.5) ? .pip1 : nil
                case .investigation:
                    level = rank == .detectiveInspector ? .pip3 : (rng.chance(0.6) ? .pip2 : .pip1)
                    if rng.chance(0.08) { specialisms.append(accreditation(.fraud)) }
                case .safeguarding:
                    level = rank == .detectiveInspector ? .pip3 : (rng.chance(0.8) ? .pip2 : .pip1)
                    // Rotate so every safeguarding team has each specialism: DA most, then CSA and SO.
                    let rotation: [Specialism] = [.domesticAbuse, .domesticAbuse, .childAbuse, .sexualOffences]
                    specialisms.append(accreditation(rotation[i % rotation.count]))
                    if rng.chance(0.25) { specialisms.append(accreditation(.sexualOffences)) }
                case .forceWide:
                    if specialism == .homicide {
                        level = rank >= .detectiveSergeant ? .pip3 : .pip2
                    } else {
                        level = rank == .detectiveInspector ? .pip3 : (rng.chance(0.85) ? .pip2 : .pip1)
                    }
                    if let specialism { specialisms.append(accreditation(specialism)) }
                }
                // Probationers and trainee investigators carry half the cap for their level.
                if level == .pip1 && rank == .constable && rng.chance(0.08) { capOverride = 10 }
                var seen = Set<Specialism>()
                specialisms = specialisms.filter { seen.insert($0.0).inserted }
                officers.append(
                    DemoOfficer(
                        warrantNumber: nextWarrant(), givenName: given, familyName: family, rank: rank, bcu: bcu,
                        teamKey: key, pipLevel: level, caseloadCapOverride: capOverride, status: status(),
                        specialisms: specialisms))
            }
        }

        for bcu in BCU.territorial {
            for (kind, share, size, label) in Self.bcuMix {
                let people = max(size / 3, Int((Double(scale.officersPerBCU) * share).rounded()))
                let count = max(1, Int((Double(people) / Double(size)).rounded()))
                for n in 1...count {
                    let name = count == 1 ? "\(bcu.code) \(label)" : "\(bcu.code) \(label) \(n)"
                    addTeam(name, kind, bcu, size: people / count, specialism: nil)
                }
            }
        }
        for (label, share, specialism) in Self.forceWideUnits {
            let people = Int((Double(scale.forceWideOfficers) * share).rounded())
            let size = 15
            let count = max(1, people / size)
            for n in 1...count {
                addTeam(
                    count == 1 ? label : "\(label) \(n)", .forceWide, .force, size: max(6, people / count),
                    specialism: specialism)
            }
        }
        return DemoOrganisation(teams: teams, officers: officers)
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC, for date arithmetic that must not depend on the machine's zone.
    public static let bluelampUTC: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}

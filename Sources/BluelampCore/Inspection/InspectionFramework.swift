import Foundation

/// An inspection framework: the pillars, questions or areas an inspectorate judges forces on, and the
/// grades it may give.
///
/// Frameworks change every cycle, so they are data, not code (shared/DESIGN.md, "Inspection (PEEL)"):
/// each is a JSON file in `BluelampApp/Resources/Inspection/Frameworks/`, and a later framework is
/// one more file. PEEL 2014–2019 is three graded pillars (effectiveness, efficiency, legitimacy), each
/// with its questions as child areas; PEEL 2021/22 and 2023–25 are flat lists of graded areas plus
/// the victim service assessment, which is reported but not graded.
public struct InspectionFramework: Codable, Sendable, Hashable, Identifiable {
    /// Stable identifier, e.g. `peel-2014-2019`, `peel-2021-22`, `peel-2023-25`.
    public var id: String
    /// e.g. "PEEL 2023–25".
    public var name: String
    public var inspectorate: String
    /// The inspection years the framework covers, as written: "2014–2019".
    public var years: String
    public var gradeScale: GradeScale
    /// Pillars, questions and areas in report order; a child follows its parent.
    public var areas: [InspectionArea]
    /// Where the structure and wording come from.
    public var sources: [String]
    public var note: String?

    public init(
        id: String, name: String, inspectorate: String, years: String, gradeScale: GradeScale,
        areas: [InspectionArea], sources: [String] = [], note: String? = nil
    ) {
        self.id = id
        self.name = name
        self.inspectorate = inspectorate
        self.years = years
        self.gradeScale = gradeScale
        self.areas = areas
        self.sources = sources
        self.note = note
    }

    public func area(id: String) -> InspectionArea? { areas.first { $0.id == id } }

    /// Areas with no parent: the pillars of PEEL 2014–2019, every area of the later frameworks.
    public var topLevelAreas: [InspectionArea] { areas.filter { $0.parentID == nil } }

    public func children(of areaID: String) -> [InspectionArea] { areas.filter { $0.parentID == areaID } }

    public func hasChildren(_ areaID: String) -> Bool { areas.contains { $0.parentID == areaID } }

    /// The area a report heading names: its name, one of its questions or an alias, compared
    /// without regard to case, curly or straight quotes, dashes or repeated spaces.
    public func area(matchingHeading heading: String) -> InspectionArea? {
        let key = InspectionText.normalised(heading)
        guard !key.isEmpty else { return nil }
        return areas.first { $0.headings.contains { InspectionText.normalised($0) == key } }
    }

    /// Whether a grade may be given to an area under this framework: the area is graded and the
    /// grade is on the framework's scale.
    public func allows(_ grade: Grade, for areaID: String) -> Bool {
        guard let area = area(id: areaID), area.isGraded else { return false }
        return gradeScale.includes(grade)
    }

    /// What is wrong with the framework as data; empty when it is well formed.
    ///
    /// Checks: an id, a name and at least one area; unique area ids; every parent exists, is a
    /// top-level area and comes before its children; no two areas answer to the same heading
    /// (the report parser relies on this); predecessor references are well formed.
    public func problems() -> [String] {
        var problems: [String] = []
        if id.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("framework has no id") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(id): framework has no name") }
        if areas.isEmpty { problems.append("\(id): framework has no areas") }
        var seenIDs: Set<String> = []
        var headingOwners: [String: String] = [:]
        for (index, area) in areas.enumerated() {
            if area.id.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(id): area \(index + 1) has no id")
            }
            if !seenIDs.insert(area.id).inserted { problems.append("\(id): duplicate area id \(area.id)") }
            if area.name.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append("\(id): area \(area.id) has no name")
            }
            if let parentID = area.parentID {
                if let parentIndex = areas.firstIndex(where: { $0.id == parentID }) {
                    if areas[parentIndex].parentID != nil {
                        problems.append("\(id): area \(area.id) has parent \(parentID), which is not a top-level area")
                    }
                    if parentIndex > index {
                        problems.append("\(id): area \(area.id) comes before its parent \(parentID)")
                    }
                } else {
                    problems.append("\(id): area \(area.id) names an unknown parent \(parentID)")
                }
            }
            for heading in area.headings {
                let key = InspectionText.normalised(heading)
                if key.isEmpty {
                    problems.append("\(id): area \(area.id) has an empty question or alias")
                } else if let owner = headingOwners[key], owner != area.id {
                    problems.append("\(id): areas \(owner) and \(area.id) both answer to \"\(heading)\"")
                } else {
                    headingOwners[key] = area.id
                }
            }
            for predecessor in area.predecessors where predecessor.frameworkID == id {
                problems.append("\(id): area \(area.id) names a predecessor in its own framework")
            }
        }
        return problems
    }

    /// Decodes a framework file.
    public static func decode(from data: Data) throws -> InspectionFramework {
        try InspectionJSON.decoder().decode(InspectionFramework.self, from: data)
    }
}

/// Whether inspectors grade an area or only report on it.
public enum AreaAssessment: String, CaseIterable, Codable, Sendable, Hashable {
    /// Given a grade on the framework's scale.
    case graded
    /// Reported on without a grade, like the victim service assessment (PEEL 2021/22 onwards) or
    /// specialist capabilities (PEEL 2016–2018/19).
    case reported
}

/// A pillar, question or area of a framework.
public struct InspectionArea: Codable, Sendable, Hashable, Identifiable {
    /// Unique within the framework, e.g. `investigating-crime`.
    public var id: String
    public var name: String
    /// The pillar a question belongs to (PEEL 2014–2019); nil for a pillar or a top-level area.
    public var parentID: String?
    /// The questions the area answers, as reports word them (several where the wording changed
    /// between years). Reports use them as headings.
    public var questions: [String]
    /// Other headings reports use for the area.
    public var aliases: [String]
    public var assessment: AreaAssessment
    /// The areas of earlier frameworks this one continues, so grade history can run across
    /// frameworks, e.g. `peel-2021-22/investigating-crime`.
    public var predecessors: [InspectionAreaReference]
    public var note: String?

    public init(
        id: String, name: String, parentID: String? = nil, questions: [String] = [], aliases: [String] = [],
        assessment: AreaAssessment = .graded, predecessors: [InspectionAreaReference] = [], note: String? = nil
    ) {
        self.id = id
        self.name = name
        self.parentID = parentID
        self.questions = questions
        self.aliases = aliases
        self.assessment = assessment
        self.predecessors = predecessors
        self.note = note
    }

    public var isGraded: Bool { assessment == .graded }

    /// Every heading a report may use for this area: its name, questions and aliases.
    public var headings: [String] { [name] + questions + aliases }

    enum CodingKeys: String, CodingKey {
        case id, name, parentID = "parent", questions, aliases, assessment, predecessors, note
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        parentID = try c.decodeIfPresent(String.self, forKey: .parentID)
        questions = try c.decodeIfPresent([String].self, forKey: .questions) ?? []
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        assessment = try c.decode(AreaAssessment.self, forKey: .assessment)
        predecessors = try c.decodeIfPresent([InspectionAreaReference].self, forKey: .predecessors) ?? []
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(parentID, forKey: .parentID)
        if !questions.isEmpty { try c.encode(questions, forKey: .questions) }
        if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
        try c.encode(assessment, forKey: .assessment)
        if !predecessors.isEmpty { try c.encode(predecessors, forKey: .predecessors) }
        try c.encodeIfPresent(note, forKey: .note)
    }
}

/// An area of a named framework, written `framework-id/area-id`.
public struct InspectionAreaReference: Codable, Sendable, Hashable, CustomStringConvertible {
    public var frameworkID: String
    public var areaID: String

    public init(frameworkID: String, areaID: String) {
        self.frameworkID = frameworkID
        self.areaID = areaID
    }

    /// Reads `framework-id/area-id`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        frameworkID = String(parts[0])
        areaID = String(parts[1])
    }

    public var description: String { "\(frameworkID)/\(areaID)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let reference = InspectionAreaReference(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected framework-id/area-id, found \"\(text)\"")
        }
        self = reference
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Text comparison shared by the framework lookup and the report parser.
enum InspectionText {
    /// Lowercased, curly quotes made straight, dashes made hyphens, whitespace runs collapsed, trimmed.
    static func normalised(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let c: Character
            switch scalar {
            case "\u{2018}", "\u{2019}", "\u{201B}", "\u{2032}": c = "'"
            case "\u{201C}", "\u{201D}", "\u{201F}", "\u{2033}": c = "\""
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": c = "-"
            default:
                if CharacterSet.whitespacesAndNewlines.contains(scalar) {
                    if !lastWasSpace { out.append(" ") }
                    lastWasSpace = true
                    continue
                }
                c = Character(scalar)
            }
            out.append(c)
            lastWasSpace = false
        }
        if out.hasSuffix(" ") { out.removeLast() }
        return out.lowercased()
    }
}

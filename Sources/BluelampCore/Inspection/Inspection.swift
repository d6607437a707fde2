import Foundation

/// One inspection of a force under a framework: its dates, its sources, a judgement per area it
/// covered and every finding it made.
public struct Inspection: Codable, Sendable, Hashable, Identifiable {
    /// e.g. `metropolitan-peel-2016-effectiveness`.
    public var id: String
    /// The force as the inspectorate names it: "Metropolitan Police Service".
    public var force: String
    public var frameworkID: String
    /// e.g. "PEEL: Police effectiveness 2016 – Metropolitan Police Service".
    public var title: String
    public var fieldworkStart: Date?
    public var fieldworkEnd: Date?
    /// Nil when the sources held do not give the day.
    public var published: Date?
    /// Where the inspection's content comes from.
    public var sources: [InspectionSource]
    /// In framework (report) order.
    public var judgements: [AreaJudgement]
    /// In report order.
    public var findings: [Finding]
    public var note: String?

    public init(
        id: String, force: String, frameworkID: String, title: String, fieldworkStart: Date? = nil,
        fieldworkEnd: Date? = nil, published: Date? = nil, sources: [InspectionSource] = [],
        judgements: [AreaJudgement] = [], findings: [Finding] = [], note: String? = nil
    ) {
        self.id = id
        self.force = force
        self.frameworkID = frameworkID
        self.title = title
        self.fieldworkStart = fieldworkStart
        self.fieldworkEnd = fieldworkEnd
        self.published = published
        self.sources = sources
        self.judgements = judgements
        self.findings = findings
        self.note = note
    }

    public func judgement(for areaID: String) -> AreaJudgement? { judgements.first { $0.areaID == areaID } }

    public func findings(in areaID: String) -> [Finding] { findings.filter { $0.areaID == areaID } }

    public func findings(of kind: FindingKind) -> [Finding] { findings.filter { $0.kind == kind } }

    public func recommendations(for causeOfConcernID: String) -> [Finding] {
        FindingRules.recommendations(for: causeOfConcernID, in: findings)
    }

    /// Everything inconsistent between the inspection and its framework, plus the finding rules
    /// (`FindingRules.violations(in:)`). Empty when the inspection is well formed.
    ///
    /// Checks: the framework id matches; each judgement names an area of the framework, at most
    /// once; a graded area's grade is on the framework's scale; a reported-only area carries no
    /// grade; each finding names an area of the framework.
    public func problems(against framework: InspectionFramework) -> [String] {
        var problems: [String] = []
        if frameworkID != framework.id {
            problems.append("\(id): framework is \(frameworkID), checked against \(framework.id)")
        }
        var judged: Set<String> = []
        for judgement in judgements {
            guard let area = framework.area(id: judgement.areaID) else {
                problems.append("\(id): judgement for unknown area \(judgement.areaID)")
                continue
            }
            if !judged.insert(area.id).inserted { problems.append("\(id): two judgements for \(area.id)") }
            if let grade = judgement.grade {
                if !area.isGraded {
                    problems.append("\(id): \(area.id) is reported, not graded, but has grade \(grade.label)")
                } else if !framework.gradeScale.includes(grade) {
                    problems.append("\(id): \(area.id) grade \(grade.label) is not on \(framework.name)'s scale")
                }
            }
            if judgement.grade == nil, (judgement.summary ?? "").isEmpty {
                problems.append("\(id): judgement for \(area.id) has neither grade nor summary")
            }
        }
        for finding in findings where framework.area(id: finding.areaID) == nil {
            problems.append("\(id): finding \(finding.id) names unknown area \(finding.areaID)")
        }
        problems += FindingRules.violations(in: findings).map { "\(id): \($0.description)" }
        return problems
    }
}

/// Where something in the inspection history comes from: a citation in the table of sources
/// (`Citations`, by id), or a public address, or where a person recording a change says it is written,
/// with what it is and, where it helps, the words quoted. Never a file of this repository.
public struct InspectionSource: Codable, Sendable, Hashable {
    /// A public address or a person's description of where something is written; empty when `citation`
    /// says it all.
    public var reference: String
    /// The id of a citation in `Citations`.
    public var citation: String?
    public var description: String?
    /// The source's own words where a record paraphrases them: verbatim, with runs of whitespace
    /// (line breaks, list indentation) collapsed to single spaces.
    public var quote: String?

    public init(reference: String, description: String? = nil, quote: String? = nil) {
        self.reference = reference
        self.description = description
        self.quote = quote
    }

    public init(citation: Citation) {
        self.reference = ""
        self.citation = citation.id
    }

    /// The citation named, when it is in the table.
    public var cited: Citation? { citation.flatMap(Citations.citation) }

    enum CodingKeys: String, CodingKey { case reference, citation, description, quote }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reference = try c.decodeIfPresent(String.self, forKey: .reference) ?? ""
        citation = try c.decodeIfPresent(String.self, forKey: .citation)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        quote = try c.decodeIfPresent(String.self, forKey: .quote)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(reference, forKey: .reference)
        try c.encodeIfPresent(citation, forKey: .citation)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(quote, forKey: .quote)
    }
}

/// The inspectorate's judgement of one area: its grade (nil where the area is reported, not graded,
/// or the report text does not give one) and its summary as the report words it.
public struct AreaJudgement: Codable, Sendable, Hashable {
    public var areaID: String
    public var grade: Grade?
    /// The report's paragraphs on the area, verbatim, separated by blank lines.
    public var summary: String?
    /// Where this judgement comes from, when not the inspection's own sources (e.g. the grades
    /// table rows each carry their URLs).
    public var sources: [String]
    public var note: String?

    public init(areaID: String, grade: Grade?, summary: String? = nil, sources: [String] = [], note: String? = nil) {
        self.areaID = areaID
        self.grade = grade
        self.summary = summary
        self.sources = sources
        self.note = note
    }

    enum CodingKeys: String, CodingKey { case areaID, grade, summary, sources, note }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        areaID = try c.decode(String.self, forKey: .areaID)
        grade = try c.decodeIfPresent(Grade.self, forKey: .grade)
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        sources = try c.decodeIfPresent([String].self, forKey: .sources) ?? []
        note = try c.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(areaID, forKey: .areaID)
        try c.encodeIfPresent(grade, forKey: .grade)
        try c.encodeIfPresent(summary, forKey: .summary)
        if !sources.isEmpty { try c.encode(sources, forKey: .sources) }
        try c.encodeIfPresent(note, forKey: .note)
    }
}

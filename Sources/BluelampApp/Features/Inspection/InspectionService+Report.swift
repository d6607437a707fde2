import BluelampCore
import BluelampPersistence
import Foundation

extension InspectionService {
    /// The readiness report: every area of the current framework with its latest judgement, the
    /// self-assessment, the force-wide figures and the findings (with their evidence).
    func report(forceName: String, linkPDF: Bool) async throws -> InspectionReportPage.Model {
        let frameworks = try await frameworks()
        guard let framework = Self.current(frameworks) else { throw NoFramework() }
        let readings = try await readings(bcu: nil)
        let inspections = try await InspectionStore.inspections(on: database)
        let findings = try await FindingStore.findings(on: database)
        let history = InspectionHistoryFixture(
            force: .init(name: forceName, policeUKForceID: ""), inspections: inspections.map(\.inspection), monitoring: [])
        let policy = FindingReminderPolicy()

        func reportFinding(_ stored: StoredFinding) async throws -> InspectionReportPage.ReportFinding {
            let evidence = try await FindingStore.evidence(findingID: stored.id, on: database).map { item in
                FindingShowPage.EvidenceRow(
                    stored: item, reading: item.evidence.target.flatMap { t in readings.first { $0.indicatorID == t.indicatorID } })
            }
            return InspectionReportPage.ReportFinding(
                stored: stored, areaName: Self.areaName(stored.area, in: frameworks), evidence: evidence,
                reminder: policy.reminder(for: stored.finding, now: now))
        }

        var areas: [InspectionReportPage.Area] = []
        for area in framework.topLevelAreas {
            let reference = InspectionAreaReference(frameworkID: framework.id, areaID: area.id)
            let lineage = Self.lineage(of: reference, in: frameworks)
            let areaReadings = readings.filter {
                lineage.contains(InspectionAreaReference(frameworkID: $0.definition.frameworkID, areaID: $0.definition.areaID))
            }
            let own = findings.filter { lineage.contains($0.area) }
            let openCauses = own.filter { $0.finding.kind == .causeOfConcern && !$0.finding.status.isResolved }.count
            let grades = history.gradeHistory(for: reference, frameworks: frameworks)
            let latest = grades.last { $0.judgement.grade != nil || $0.judgement.summary != nil }
            let withSummary = grades.last { $0.judgement.summary != nil }
            var items: [InspectionReportPage.ReportFinding] = []
            for stored in own { items.append(try await reportFinding(stored)) }
            areas.append(
                InspectionReportPage.Area(
                    area: area,
                    latest: latest.map { entry in
                        InspectionReportPage.Judgement(
                            inspectionTitle: entry.inspection.title, grade: entry.judgement.grade,
                            summary: entry.judgement.summary,
                            earlierSummary: entry.judgement.summary != nil
                                ? nil
                                : withSummary.map {
                                    InspectionReportPage.EarlierSummary(
                                        inspectionTitle: $0.inspection.title,
                                        areaName: Self.areaName(
                                            InspectionAreaReference(frameworkID: $0.inspection.frameworkID, areaID: $0.judgement.areaID),
                                            in: frameworks),
                                        grade: $0.judgement.grade, summary: $0.judgement.summary ?? "")
                                })
                    },
                    suggestion: area.isGraded
                        ? GradeSuggestionRule.suggest(
                            areaID: area.id, readings: areaReadings.filter { InspectionPart.isBanded($0.definition) },
                    openCausesOfConcern: openCauses, scale: framework.gradeScale)
                        : nil,
                    readings: areaReadings, findings: items))
        }
        let covered = Self.covered(by: framework, in: frameworks)
        var others: [InspectionReportPage.ReportFinding] = []
        for stored in findings where !covered.contains(stored.area) { others.append(try await reportFinding(stored)) }
        return InspectionReportPage.Model(
            forceName: forceName, framework: framework, today: now, window: window,
            stage: try await currentPeriod()?.period, areas: areas, otherFindings: others, linkPDF: linkPDF)
    }
}

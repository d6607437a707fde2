import BluelampCore
import BluelampPersistence
import Foundation

extension InspectionService {
    struct NoFramework: Error, CustomStringConvertible {
        var description: String { "no inspection framework is loaded" }
    }

    /// Everything the dashboard shows for a scope (`bcu` nil: the whole force).
    func dashboard(principal: Principal, bcu: BCU?) async throws -> InspectionDashboardPage.Model {
        let frameworks = try await frameworks()
        guard let framework = Self.current(frameworks) else { throw NoFramework() }
        let readings = try await readings(bcu: bcu)
        let trends = try await trends(bcu: bcu)
        let inspections = try await InspectionStore.inspections(on: database)
        let findings = try await FindingStore.findings(matching: FindingFilter(unresolvedOnly: true), on: database)
        let history = InspectionHistoryFixture(
            force: .init(name: "", policeUKForceID: ""), inspections: inspections.map(\.inspection), monitoring: [])
        let names = Dictionary(uniqueKeysWithValues: frameworks.map { ($0.id, $0.name) })

        var cards: [InspectionDashboardPage.AreaCard] = []
        for area in framework.topLevelAreas {
            let reference = InspectionAreaReference(frameworkID: framework.id, areaID: area.id)
            let lineage = Self.lineage(of: reference, in: frameworks)
            let areaReadings = readings.filter {
                lineage.contains(InspectionAreaReference(frameworkID: $0.definition.frameworkID, areaID: $0.definition.areaID))
            }
            let open = findings.filter { lineage.contains($0.area) }
            let counts = open.reduce(into: [FindingKind: Int]()) { $0[$1.finding.kind, default: 0] += 1 }
            let suggestion =
                area.isGraded
                ? GradeSuggestionRule.suggest(
                    areaID: area.id, readings: areaReadings.filter { InspectionPart.isBanded($0.definition) },
                    openCausesOfConcern: counts[.causeOfConcern] ?? 0,
                    scale: framework.gradeScale) : nil
            let grades = history.gradeHistory(for: reference, frameworks: frameworks).map { entry in
                InspectionDashboardPage.GradeHistoryEntry(
                    inspectionTitle: entry.inspection.title, frameworkName: names[entry.inspection.frameworkID] ?? "",
                    areaName: Self.areaName(
                        InspectionAreaReference(frameworkID: entry.inspection.frameworkID, areaID: entry.judgement.areaID),
                        in: frameworks),
                    grade: entry.judgement.grade)
            }
            cards.append(
                InspectionDashboardPage.AreaCard(
                    area: area,
                    indicators: areaReadings.map { reading in
                        InspectionDashboardPage.IndicatorRow(
                            reading: reading, trend: trends[reading.indicatorID] ?? [],
                            links: IndicatorStore.records(behind: reading.indicatorID, period: window, bcu: bcu, sources: sources)
                                .filter { principal.can($0.permission) },
                            currentOnly: IndicatorStore.history(of: reading.indicatorID, sources: sources) == .currentOnly)
                    },
                    openFindings: counts, suggestion: suggestion, gradeHistory: grades))
        }

        let covered = Self.covered(by: framework, in: frameworks)
        var others: [InspectionAreaReference: [FindingKind: Int]] = [:]
        for finding in findings where !covered.contains(finding.area) {
            others[finding.area, default: [:]][finding.finding.kind, default: 0] += 1
        }
        let otherAreas = others.keys.sorted { $0.description < $1.description }.map { reference in
            InspectionDashboardPage.OtherArea(
                reference: reference, name: Self.areaName(reference, in: frameworks),
                frameworkName: names[reference.frameworkID] ?? reference.frameworkID, openFindings: others[reference] ?? [:])
        }

        // Judgements no current card shows: areas outside every current area's lineage.
        let shown = cards.flatMap { card in
            Self.lineage(of: InspectionAreaReference(frameworkID: framework.id, areaID: card.area.id), in: frameworks)
        }
        let shownSet = Set(shown)
        let earlierGrades = inspections.map(\.inspection).flatMap { inspection in
            inspection.judgements.compactMap { judgement -> InspectionDashboardPage.GradeHistoryEntry? in
                let reference = InspectionAreaReference(frameworkID: inspection.frameworkID, areaID: judgement.areaID)
                guard judgement.grade != nil, !shownSet.contains(reference) else { return nil }
                return InspectionDashboardPage.GradeHistoryEntry(
                    inspectionTitle: inspection.title, frameworkName: names[inspection.frameworkID] ?? "",
                    areaName: Self.areaName(reference, in: frameworks), grade: judgement.grade)
            }
        }

        let forceReadings = bcu == nil ? readings : try await self.readings(bcu: nil)
        let warning = EngageEarlyWarning.compute(inspections: inspections.map(\.inspection), readings: forceReadings, now: now)
        return InspectionDashboardPage.Model(
            framework: framework, scopeOptions: Self.scopeOptions(for: principal), selected: bcu, today: now,
            window: window, cards: cards, otherAreas: otherAreas, reminders: try await reminders(),
            currentStage: try await currentPeriod()?.period, openCausesOfConcern: warning.openCausesOfConcern.count,
            overdueRecommendations: warning.overdueRecommendations.count,
            inadequateIndicators: warning.inadequateIndicators.count, canManage: principal.can(.manageInspection),
            earlierGrades: earlierGrades)
    }
}

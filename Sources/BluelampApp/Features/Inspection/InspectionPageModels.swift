import BluelampCore
import BluelampPersistence
import Foundation

/// What the inspection pages show, put together from the data `InspectionService` returns and the core's rules
/// (grade suggestion, milestone RAG, reminders, early warning): presentation, so it lives with the pages, and the
/// service returns data only. Page tests render hand-built models; these are the models the routes render.
enum InspectionPageModels {
    /// The readings of the indicators that evidence an area or any area it continues.
    static func readings(_ readings: [IndicatorReading], in lineage: Set<InspectionAreaReference>) -> [IndicatorReading]
    {
        readings.filter {
            lineage.contains(
                InspectionAreaReference(frameworkID: $0.definition.frameworkID, areaID: $0.definition.areaID))
        }
    }

    /// Everything the dashboard shows for a scope (`bcu` nil: the whole force).
    static func dashboard(_ service: InspectionService, principal: Principal, bcu: BCU?) async throws
        -> InspectionDashboardPage.Model
    {
        let inputs = try await service.dashboardInputs(bcu: bcu)
        let frameworks = inputs.frameworks
        guard let framework = InspectionService.current(frameworks) else { throw InspectionService.NoFramework() }
        let current = inputs.current
        let readings = current.readings
        let trends = inputs.trends
        let inspections = inputs.inspections
        let findings = inputs.findings
        let history = InspectionHistoryFixture(
            force: .init(name: "", policeUKForceID: ""), inspections: inspections.map(\.inspection), monitoring: [])
        let names = Dictionary(uniqueKeysWithValues: frameworks.map { ($0.id, $0.name) })

        // The cards are a function of the inputs and the viewer's permissions (their links), so they are worked out
        // once for each kind of viewer while the inputs are kept.
        let held = Permission.allCases.filter { principal.can($0) }
        let cards = inputs.derived.cards(for: held) {
            var cards: [InspectionDashboardPage.AreaCard] = []
            for area in framework.topLevelAreas {
                let reference = InspectionAreaReference(frameworkID: framework.id, areaID: area.id)
                let lineage = InspectionService.lineage(of: reference, in: frameworks)
                let areaReadings = Self.readings(readings, in: lineage)
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
                        inspectionTitle: entry.inspection.title,
                        frameworkName: names[entry.inspection.frameworkID] ?? "",
                        areaName: InspectionService.areaName(
                            InspectionAreaReference(
                                frameworkID: entry.inspection.frameworkID, areaID: entry.judgement.areaID),
                            in: frameworks),
                        grade: entry.judgement.grade)
                }
                cards.append(
                    InspectionDashboardPage.AreaCard(
                        area: area,
                        indicators: areaReadings.map { reading in
                            InspectionDashboardPage.IndicatorRow(
                                reading: reading, trend: trends[reading.indicatorID] ?? [],
                                links: service.recordsBehind(reading.indicatorID, bcu: bcu)
                                    .filter { principal.can($0.permission) },
                                currentOnly: service.history(of: reading.indicatorID) == .currentOnly)
                        },
                        openFindings: counts, suggestion: suggestion, gradeHistory: grades))
            }
            return cards
        }

        let covered = InspectionService.covered(by: framework, in: frameworks)
        var others: [InspectionAreaReference: [FindingKind: Int]] = [:]
        for finding in findings where !covered.contains(finding.area) {
            others[finding.area, default: [:]][finding.finding.kind, default: 0] += 1
        }
        let otherAreas = others.keys.sorted { $0.description < $1.description }.map { reference in
            InspectionDashboardPage.OtherArea(
                reference: reference, name: InspectionService.areaName(reference, in: frameworks),
                frameworkName: names[reference.frameworkID] ?? reference.frameworkID,
                openFindings: others[reference] ?? [:])
        }

        // Judgements no current card shows: areas outside every current area's lineage.
        let shown = cards.flatMap { card in
            InspectionService.lineage(
                of: InspectionAreaReference(frameworkID: framework.id, areaID: card.area.id), in: frameworks)
        }
        let shownSet = Set(shown)
        let earlierGrades = inspections.map(\.inspection).flatMap { inspection in
            inspection.judgements.compactMap { judgement -> InspectionDashboardPage.GradeHistoryEntry? in
                let reference = InspectionAreaReference(frameworkID: inspection.frameworkID, areaID: judgement.areaID)
                guard judgement.grade != nil, !shownSet.contains(reference) else { return nil }
                return InspectionDashboardPage.GradeHistoryEntry(
                    inspectionTitle: inspection.title, frameworkName: names[inspection.frameworkID] ?? "",
                    areaName: InspectionService.areaName(reference, in: frameworks), grade: judgement.grade)
            }
        }

        let warning = EngageEarlyWarning.compute(
            inspections: inspections.map(\.inspection), readings: inputs.force.readings, now: service.now)
        return InspectionDashboardPage.Model(
            framework: framework, scopeOptions: InspectionService.scopeOptions(for: principal), selected: bcu,
            today: service.now, asOf: current.asOf,
            window: service.window, cards: cards, otherAreas: otherAreas, reminders: service.reminders(in: findings),
            currentStage: service.currentPeriod(in: inputs.periods)?.period,
            openCausesOfConcern: warning.openCausesOfConcern.count,
            overdueRecommendations: warning.overdueRecommendations.count,
            inadequateIndicators: warning.inadequateIndicators.count, canManage: principal.can(.manageInspection),
            earlierGrades: earlierGrades)
    }

    /// The readiness report: every area of the current framework with its latest judgement, the
    /// self-assessment, the force-wide figures and the findings (with their evidence).
    static func report(_ service: InspectionService, forceName: String, linkPDF: Bool) async throws
        -> InspectionReportPage.Model
    {
        let frameworks = try await service.frameworks()
        guard let framework = InspectionService.current(frameworks) else { throw InspectionService.NoFramework() }
        let readings = try await service.readings(bcu: nil)
        let inspections = try await service.storedInspections()
        let findings = try await service.findings(FindingFilter())
        let history = InspectionHistoryFixture(
            force: .init(name: forceName, policeUKForceID: ""), inspections: inspections.map(\.inspection),
            monitoring: [])
        let policy = FindingReminderPolicy()
        let evidenceOf = try await service.evidence(findingIDs: findings.map(\.id))

        func reportFinding(_ stored: StoredFinding) -> InspectionReportPage.ReportFinding {
            let evidence = (evidenceOf[stored.id] ?? []).map { item in
                FindingShowPage.EvidenceRow(
                    stored: item,
                    reading: item.evidence.target.flatMap { t in readings.first { $0.indicatorID == t.indicatorID } })
            }
            return InspectionReportPage.ReportFinding(
                stored: stored, areaName: InspectionService.areaName(stored.area, in: frameworks), evidence: evidence,
                reminder: policy.reminder(for: stored.finding, now: service.now))
        }

        var areas: [InspectionReportPage.Area] = []
        for area in framework.topLevelAreas {
            let reference = InspectionAreaReference(frameworkID: framework.id, areaID: area.id)
            let lineage = InspectionService.lineage(of: reference, in: frameworks)
            let areaReadings = Self.readings(readings, in: lineage)
            let own = findings.filter { lineage.contains($0.area) }
            let openCauses = own.filter { $0.finding.kind == .causeOfConcern && !$0.finding.status.isResolved }.count
            let grades = history.gradeHistory(for: reference, frameworks: frameworks)
            let latest = grades.last { $0.judgement.grade != nil || $0.judgement.summary != nil }
            let withSummary = grades.last { $0.judgement.summary != nil }
            let items = own.map(reportFinding)
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
                                        areaName: InspectionService.areaName(
                                            InspectionAreaReference(
                                                frameworkID: $0.inspection.frameworkID, areaID: $0.judgement.areaID),
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
        let covered = InspectionService.covered(by: framework, in: frameworks)
        let others = findings.filter { !covered.contains($0.area) }.map(reportFinding)
        return InspectionReportPage.Model(
            forceName: forceName, framework: framework, today: service.now, window: service.window,
            stage: try await service.currentPeriod()?.period, areas: areas, otherFindings: others, linkPDF: linkPDF)
    }

    /// The monitoring page: the stages, the milestone plan assessed against the force-wide figures
    /// now, and the Engage early warning.
    static func monitoring(_ service: InspectionService, canManage: Bool, csrf: String?) async throws
        -> MonitoringPage.Model
    {
        let readings = try await service.readings(bcu: nil)
        let milestones = try await service.assessedMilestones(readings: readings).map { stored, assessment in
            MonitoringPage.MilestoneRow(
                stored: stored, assessment: assessment,
                targets: stored.milestone.targets.map { target in
                    let reading = readings.first { $0.indicatorID == target.indicatorID }
                    return MonitoringPage.TargetRow(
                        target: target, reading: reading, met: reading.map { target.isMet(by: $0) } ?? false)
                })
        }
        let inspections = try await service.storedInspections()
        var links: [String: Int] = [:]
        for stored in inspections {
            for (reference, id) in stored.findingIDs { links["\(stored.inspection.id)|\(reference)"] = id }
        }
        let open = try await service.findings(FindingFilter(unresolvedOnly: true))
            .filter { $0.finding.kind.needsAction }
        return MonitoringPage.Model(
            periods: try await service.periods(), today: service.now, milestones: milestones,
            warning: EngageEarlyWarning.compute(
                inspections: inspections.map(\.inspection), readings: readings, now: service.now),
            findingLinks: links, canManage: canManage, csrf: csrf,
            findingOptions: open.map {
                (
                    $0.id,
                    "\($0.finding.id) (\($0.inspectionTitle)): \(InspectionPart.excerpt($0.finding.text, limit: 80))"
                )
            },
            indicators: service.definitions())
    }

    /// The indicators page: every definition with its value now for the viewer's first scope (the
    /// whole force for a force-wide viewer), computed live, and the latest daily snapshot for each
    /// scope the viewer may see (computing 13 scopes live for every indicator would take too long).
    static func indicatorList(_ service: InspectionService, scopes: [BCU?]) async throws -> IndicatorListPage.Model {
        let first = scopes.first ?? nil
        let inputs = try await service.indicatorListInputs(bcu: first)
        let (frameworks, current, latest) = (inputs.frameworks, inputs.current, inputs.latest)
        let live = current.readings
        let rows = live.map { reading in
            let definition = reading.definition
            return IndicatorListPage.Row(
                definition: definition,
                areaName: InspectionService.areaName(
                    InspectionAreaReference(frameworkID: definition.frameworkID, areaID: definition.areaID),
                    in: frameworks),
                history: service.history(of: definition.id), live: reading,
                snapshots: scopes.compactMap { scope in
                    guard let value = latest?.values[definition.id]?[(scope ?? .force).code] else { return nil }
                    return IndicatorListPage.ScopeValue(
                        scope: InspectionDashboardPage.scopeLabel(scope),
                        reading: IndicatorReading(definition: definition, value: value))
                })
        }
        return IndicatorListPage.Model(
            rows: rows, window: service.window, asOf: current.asOf,
            liveScope: InspectionDashboardPage.scopeLabel(first),
            snapshotDay: latest?.day, forceSet: inputs.forceSet)
    }
}

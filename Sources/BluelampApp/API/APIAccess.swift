import BluelampCore
import Vapor

/// Who may call each API operation: the one table from OpenAPI operationId to the permission it needs, read
/// when the generated handlers are registered so that every API route declares its access like any other
/// route (and the access matrix test walks them). An operation missing here gets no access rule, so the access
/// middleware refuses it to everyone (fail closed), and `APIContractTests` names it.
///
/// Records are scoped to BCUs inside the handlers, as on the pages (`principal.can(_:in:)`).
enum APIAccess {
    static let permissions: [String: Permission] = [
        // Account
        "getMe": .viewHome,
        "listTokens": .manageOwnAccount,
        "revokeToken": .manageOwnAccount,
        // Organisation
        "listBCUs": .viewOrganisation,
        "getBCU": .viewOrganisation,
        "listTeams": .viewOrganisation,
        "getTeam": .viewOrganisation,
        "listOfficers": .viewOfficers,
        "getOfficer": .viewOfficers,
        "updateOfficer": .manageOfficers,
        // Crimes and imports (scoped to BCUs in the handlers)
        "listCrimes": .viewCrimes,
        "getCrime": .viewCrimes,
        "createCrime": .recordCrimes,
        "changeCrimeStatus": .recordCrimes,
        "recordCrimeOutcome": .recordOutcomes,
        "listAwaitingRecordingDecision": .viewCrimes,
        "decideCrimeRecording": .recordCrimes,
        "listImports": .importCrimes,
        "importPoliceUKFile": .importCrimes,
        // Inspection (force-level records and aggregates)
        "listFindings": .viewInspection,
        "getFinding": .viewInspection,
        "listIndicators": .viewInspection,
        "getIndicatorTrend": .viewInspection,
        "listInspections": .viewInspection,
        "getInspection": .viewInspection,
        "changeFindingStatus": .manageInspection,
        "assignFinding": .manageInspection,
        "addFindingEvidence": .manageInspection,
        // Monitoring (force-level)
        "listMonitoringPeriods": .viewInspection,
        "changeMonitoringStage": .manageInspection,
        "listMilestones": .viewInspection,
        "getMilestone": .viewInspection,
        "createMilestone": .manageInspection,
        "overrideMilestoneStatus": .manageInspection,
        // Serious and organised crime (issue 19; scoped to the groups' BCUs in the service)
        "listOrganisedCrimeGroups": .viewOrganisedCrime,
        "createOrganisedCrimeGroup": .manageOrganisedCrime,
        "getOrganisedCrimeGroup": .viewOrganisedCrime,
        "mapOrganisedCrimeGroup": .manageOrganisedCrime,
        "addOCGPlanAction": .manageOrganisedCrime,
        "submitOCGIntelligence": .viewOCGAwareness,
        "createPartnershipMeeting": .manageOrganisedCrime,
        "changeOCGStatus": .manageOrganisedCrime,
        "assignOCGLead": .manageOrganisedCrime,
        "addOCGMember": .manageOrganisedCrime,
        "linkOCGCrime": .manageOrganisedCrime,
        "addOCGDisruption": .manageOrganisedCrime,
        "updateOCGPlanAction": .manageOrganisedCrime,
        "listOCGAwareness": .viewOCGAwareness,
        "listOCGPartnerships": .manageOrganisedCrime,
        "createLocalProfile": .manageOrganisedCrime,
        // Allocation (scoped to BCUs in the handlers, as on the allocation pages)
        "listAllocationQueue": .allocateCrimes,
        "proposeAllocationRun": .allocateCrimes,
        "getAllocationRun": .allocateCrimes,
        "acceptAllocationProposals": .allocateCrimes,
        "overrideAllocation": .allocateCrimes,
        "getOfficerCaseload": .viewCaseloads,
        "listTeamCaseloads": .viewCaseloads,
        "getAllocationPolicy": .managePolicy,
        "updateAllocationPolicy": .managePolicy,
        "listAllocationPolicyVersions": .managePolicy,
        // Offenders (scoped to BCUs, and to the offender manager's caseload or a reason, in the handlers)
        "listRegisteredOffenders": .viewOffenders,
        "registerOffender": .manageOffenders,
        "getRegisteredOffender": .viewOffenders,
        "recordRSOVisit": .manageOffenders,
        "recordRSORiskAssessment": .manageOffenders,
        "recordRSONotification": .manageOffenders,
        "addRSOCondition": .manageOffenders,
        "decideReactiveManagement": .decideEscalations,
        "listOverdueOffenders": .viewOffenders,
        "listRSOEscalations": .decideEscalations,
        "decideRSOEscalation": .decideEscalations,
        "listWantedSuspects": .viewOffenders,
        "updateWantedSuspect": .manageOffenders,
        // Investigations (scoped to the crime's BCU in InvestigationService, as on the investigation pages)
        "getInvestigation": .viewCrimes,
        "addLineOfEnquiry": .workInvestigations,
        "updateLineOfEnquiry": .workInvestigations,
        "addInvestigationAction": .workInvestigations,
        "completeInvestigationAction": .workInvestigations,
        "addInvestigationNote": .workInvestigations,
        "reviewInvestigationNoteFlag": .superviseInvestigations,
        "reviewInvestigation": .superviseInvestigations,
        "closeInvestigation": .superviseInvestigations,
        "listMyInvestigations": .workInvestigations,
        "getInvestigationSupervision": .superviseInvestigations,
        // Victims on an investigation (the Victims' Code; scoped to the crime's BCU in VictimService, as on the pages)
        "listInvestigationVictims": .viewCrimes,
        "getInvestigationVictim": .viewCrimes,
        "recordVictimKeyEvent": .workInvestigations,
        "logVictimContact": .workInvestigations,
        "recordVictimCare": .workInvestigations,
        "recordVictimNeedsAssessment": .workInvestigations,
        "recordVictimStatement": .workInvestigations,
        "recordVictimInformation": .workInvestigations,
        // Protecting vulnerable people: orders, Clare's Law, missing people (issue 17; scoped to the record's BCU in
        // the services, as on the pages)
        "listProtectionOrders": .viewSafeguarding,
        "issueProtectionNotice": .manageSafeguarding,
        "getProtectionOrder": .viewSafeguarding,
        "recordProtectionOrderHearing": .manageSafeguarding,
        "recordProtectionOrderOutcome": .manageSafeguarding,
        "addProtectionOrderBreach": .manageSafeguarding,
        "listDisclosureRequests": .viewSafeguarding,
        "createDisclosureRequest": .manageSafeguarding,
        "getDisclosureRequest": .viewSafeguarding,
        "decideDisclosureRequest": .manageSafeguarding,
        "listMissingEpisodes": .viewSafeguarding,
        "reportMissingPerson": .recordSafeguarding,
        "getMissingEpisode": .viewSafeguarding,
        "regradeMissingRisk": .manageSafeguarding,
        "recordMissingFound": .recordSafeguarding,
        "recordMissingReturned": .recordSafeguarding,
        "recordReturnHomeInterview": .manageSafeguarding,
        "recordMissingExploitation": .manageSafeguarding,
        // DASH, MARAC and the BCU's safeguarding work (issue 17; scoped to the crime's BCU in DashService, as on the
        // pages); the DASH policy is force-wide, for administrators as on its page
        "getCrimeDash": .viewSafeguarding,
        "completeDashAssessment": .recordSafeguarding,
        "getDashAssessment": .viewSafeguarding,
        "reviewDashAssessment": .superviseSafeguarding,
        "updateMaracReferral": .manageSafeguarding,
        "listDashWork": .viewSafeguarding,
        "listDashCoverage": .viewSafeguarding,
        "searchPeople": .viewSafeguarding,
        "getDashPolicy": .managePolicy,
        "updateDashPolicy": .managePolicy,
        // Calls from the public (issue 18): aggregates, over the BCUs the caller's inspection scope covers
        "getCallFigures": .viewInspection,
        // The digital forensics unit (issue 18; a crime's devices scoped to its BCU in ForensicsService, as on the
        // pages; the queue shows the devices of crimes in the caller's BCUs)
        "getForensicsQueue": .viewForensicsQueue,
        "listCrimeForensicsDevices": .viewForensicsQueue,
        "submitForensicsDevice": .submitForensics,
        "getForensicsPolicy": .managePolicy,
        "updateForensicsPolicy": .managePolicy,
        // Audit
        "listAuditEvents": .viewAudit,
    ]

    static let operationKey = "bluelamp.api.operation"
    static let idempotentKey = "bluelamp.api.idempotent"

    /// The document's operations by route key (`GET /api/v1/officers/:id`).
    static let operationsByRoute: [String: (id: String, idempotent: Bool)] = {
        let document = OpenAPIDocument.shipped
        var map: [String: (id: String, idempotent: Bool)] = [:]
        for (method, path, operation) in document.allOperations {
            let vaporPath = path.split(separator: "/").map { part in
                part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
            }.joined(separator: "/")
            let idempotent = document.parameters(of: operation).contains {
                $0.name == "Idempotency-Key" && $0.location == "header"
            }
            map["\(method) /\(vaporPath)"] = (operation.operationId, idempotent)
        }
        return map
    }()

    static func routeKey(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { "\($0)" }.joined(separator: "/")
    }
}

extension Route {
    /// The OpenAPI operation this route serves, if it is an API operation.
    var apiOperationID: String? { userInfo[APIAccess.operationKey] as? String }

    /// Whether the operation takes an `Idempotency-Key`.
    var isIdempotentCreate: Bool { (userInfo[APIAccess.idempotentKey] as? Bool) ?? false }
}

/// A routes builder that passes routes on and, for each API route, records its operation and declares its
/// access from `APIAccess.permissions`.
struct APIRouteDeclarer: RoutesBuilder {
    let base: any RoutesBuilder
    let logger: Logger

    func add(_ route: Route) {
        base.add(route)
        guard let operation = APIAccess.operationsByRoute[APIAccess.routeKey(route)] else {
            logger.error(
                "API route is not in the OpenAPI document; it stays closed",
                metadata: ["route": "\(APIAccess.routeKey(route))"])
            return
        }
        route.userInfo[APIAccess.operationKey] = operation.id
        route.userInfo[APIAccess.idempotentKey] = operation.idempotent
        // The police.uk upload is the one operation that takes more than the default body (the server's limit).
        if operation.id == "importPoliceUKFile" { route.maxBodySize(CrimeRoutes.uploadLimit) }
        if let permission = APIAccess.permissions[operation.id] {
            route.requires(permission)
        } else {
            logger.error(
                "API operation has no permission in APIAccess; it stays closed",
                metadata: ["operation": "\(operation.id)"])
        }
    }
}

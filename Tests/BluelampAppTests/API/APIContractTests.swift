import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The document, the generated routes and the access table agree.
@Suite struct APIContractTests {
    @Test func `every operation in the document has a permission and a route that declares it`() async throws {
        try await withTestApp { app in
            let operations = OpenAPIDocument.shipped.allOperations
            #expect(operations.count >= 11)
            let apiRoutes = app.routes.all.filter { $0.apiOperationID != nil }
            #expect(apiRoutes.count == operations.count)
            for (method, path, operation) in operations {
                let permission = try #require(
                    APIAccess.permissions[operation.operationId], "\(operation.operationId) has no permission")
                let route = try #require(
                    apiRoutes.first { $0.apiOperationID == operation.operationId }, "\(method) \(path) not registered")
                #expect(route.access == .permission(permission), "\(operation.operationId)")
            }
            #expect(
                Set(APIAccess.permissions.keys) == Set(operations.map(\.operation.operationId)),
                "the table names operations the document lacks")
        }
    }

    @Test func `every Core value the API returns has its counterpart in the document`() throws {
        for bcu in BCU.allCases { _ = try APIValues.convert(bcu, to: Components.Schemas.BCUCode.self) }
        for rank in Rank.allCases { _ = try APIValues.convert(rank, to: Components.Schemas.Rank.self) }
        for status in OfficerStatus.allCases {
            _ = try APIValues.convert(status, to: Components.Schemas.OfficerStatus.self)
        }
        for specialism in Specialism.allCases {
            _ = try APIValues.convert(specialism, to: Components.Schemas.Specialism.self)
        }
        for kind in TeamKind.allCases { _ = try APIValues.convert(kind, to: Components.Schemas.TeamKind.self) }
        for role in Role.allCases { _ = try APIValues.convert(role, to: Components.Schemas.Role.self) }
        for action in AuditAction.allCases {
            _ = try APIValues.convert(action, to: Components.Schemas.AuditAction.self)
        }
        for status in CrimeStatus.Code.allCases {
            _ = try APIValues.convert(status, to: Components.Schemas.CrimeStatus.self)
        }
        for category in CrimeCategory.allCases { _ = try APIHandler.category(category) }
        #expect(try APIHandler.flags(CrimeFlags(CrimeFlags.all)).count == CrimeFlags.all.count)
        for factor in SolvabilityFactor.allCases {
            _ = try APIValues.convert(factor, to: Components.Schemas.SolvabilityFactor.self)
        }
        for level in ThriveLevel.allCases { _ = try APIValues.convert(level, to: Components.Schemas.ThriveLevel.self) }
        for role in PersonRole.allCases { _ = try APIValues.convert(role, to: Components.Schemas.PersonRole.self) }
        for preference in ContactPreference.allCases {
            _ = try APIValues.convert(preference, to: Components.Schemas.ContactPreference.self)
        }
        for kind in CrimeEventKind.allCases {
            _ = try APIValues.convert(kind, to: Components.Schemas.CrimeEventKind.self)
        }
        for kind in FindingKind.allCases { _ = try APIValues.convert(kind, to: Components.Schemas.FindingKind.self) }
        for status in FindingStatus.allCases {
            _ = try APIValues.convert(status, to: Components.Schemas.FindingStatus.self)
        }
        for band in IndicatorBand.allCases {
            _ = try APIValues.convert(band, to: Components.Schemas.IndicatorBand.self)
        }
        for unit in IndicatorUnit.allCases {
            _ = try APIValues.convert(unit, to: Components.Schemas.Indicator.UnitPayload.self)
        }
        for direction in IndicatorDirection.allCases {
            _ = try APIValues.convert(direction, to: Components.Schemas.Indicator.DirectionPayload.self)
        }
        for kind in FindingEvidence.Kind.allCases {
            _ = try APIValues.convert(kind, to: Components.Schemas.Evidence.KindPayload.self)
        }
        // Allocation, offenders, inspection and monitoring
        for unit in AllocationUnitKind.allCases {
            _ = try APIValues.convert(unit, to: Components.Schemas.AllocationUnit.self)
        }
        for kind in AllocationKind.allCases {
            _ = try APIValues.convert(kind, to: Components.Schemas.AllocationKind.self)
        }
        for reason in AllocationOverrideReason.allCases {
            _ = try APIValues.convert(reason, to: Components.Schemas.AllocationOverrideReason.self)
        }
        for risk in OffenderRiskLevel.allCases {
            _ = try APIValues.convert(risk, to: Components.Schemas.OffenderRiskLevel.self)
        }
        for outcome in VisitOutcome.allCases {
            _ = try APIValues.convert(outcome, to: Components.Schemas.VisitOutcome.self)
        }
        for kind in RSOConditionKind.allCases {
            _ = try APIValues.convert(kind, to: Components.Schemas.RSOConditionKind.self)
        }
        for kind in RSONotificationKind.allCases {
            _ = try APIValues.convert(kind, to: Components.Schemas.RSONotificationKind.self)
        }
        for decision in ArrestOrWarrantDecision.allCases {
            _ = try APIValues.convert(decision, to: Components.Schemas.EscalationDecision.self)
        }
        for action in OffenderService.WantedAction.allCases {
            _ = try APIValues.convert(action, to: Components.Schemas.WantedSuspectAction.ActionPayload.self)
        }
        for grade in Grade.allCases { _ = try APIValues.convert(grade, to: Components.Schemas.Grade.self) }
        for stage in MonitoringStage.allCases {
            _ = try APIValues.convert(stage, to: Components.Schemas.MonitoringStage.self)
        }
        for status in RAGStatus.allCases { _ = try APIValues.convert(status, to: Components.Schemas.RAGStatus.self) }
        // DASH and MARAC (issue 17)
        for answer in DashAnswer.allCases { _ = try APIValues.convert(answer, to: Components.Schemas.DashAnswer.self) }
        for level in DashRiskLevel.allCases {
            _ = try APIValues.convert(level, to: Components.Schemas.DashRiskLevel.self)
        }
        for decision in DashSupervisionDecision.allCases {
            _ = try APIValues.convert(decision, to: Components.Schemas.DashSupervisionDecision.self)
        }
        for criterion in MaracCriterion.allCases {
            _ = try APIValues.convert(criterion, to: Components.Schemas.MaracCriterion.self)
        }
        for status in MaracStatus.allCases {
            _ = try APIValues.convert(status, to: Components.Schemas.MaracStatus.self)
        }
    }

    @Test func `an anonymous call to any operation is a 401 problem`() async throws {
        try await withTestApp { app in
            for (method, path, _) in OpenAPIDocument.shipped.allOperations {
                let concrete = path.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(
                    of: "{code}", with: "CE")
                let response = try await app.testing().sendRequest(HTTPMethod(rawValue: method), concrete)
                #expect(response.status == .unauthorized, "\(method) \(path)")
                #expect(try response.problem().kind == "unauthenticated")
                #expect(response.headers.first(name: .wwwAuthenticate) == "Bearer")
            }
        }
    }

    @Test func `the document is served and rendered as a reference page`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .inspector)
            let yaml = try await app.testing().sendRequest(.GET, "/api/v1/openapi.yaml", headers: bearer(token))
            #expect(yaml.status == .ok)
            #expect(yaml.body.string.hasPrefix("openapi: 3.1.0"))

            let browser = try await signedIn(app, as: .inspector)
            let page = try await app.testing().sendRequest(.GET, "/api/v1/docs", headers: browser.headers())
            #expect(page.status == .ok)
            let html = page.body.string
            for operation in OpenAPIDocument.shipped.allOperations {
                #expect(html.contains("id=\"\(operation.operation.operationId)\""))
            }
            #expect(html.contains("id=\"schema-Officer\""))
            #expect(html.contains("Change officers&#39;") || html.contains("Change officers'"))
            #expect(!html.contains("<script"))
        }
    }

    @Test func `a token acts with its own roles only, not all of its owner's`() async throws {
        try await withTestApp { app in
            let id = try await makeUser(
                app, "dual",
                grants: [
                    RoleGrant(role: .investigator, scope: .bcus([.centralEast])),
                    RoleGrant(role: .administrator, scope: .force),
                ])
            let token = try await SessionStore.issueToken(
                userID: id, name: "t", roles: [.investigator], now: app.clock(), lifetime: 3600, on: app.db)
            let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token.secret))
            #expect(me.status == .ok)
            struct Me: Decodable {
                struct Grant: Decodable { var role: String; var scope: [String] }; var username: String;
                var grants: [Grant]
            }
            let body = try me.json(Me.self)
            #expect(body.username == "dual")
            #expect(body.grants.map(\.role) == ["investigator"])
            #expect(body.grants.first?.scope == ["CE"])
            let audit = try await app.testing().sendRequest(.GET, "/api/v1/audit-events", headers: bearer(token.secret))
            #expect(audit.status == .forbidden)
            #expect(try audit.problem().kind == "forbidden")
        }
    }
}

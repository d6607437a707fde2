import FluentKit
import Foundation

// The organised crime register's tables (issue 19). Days are `YYYY-MM-DD` text, as elsewhere; lists (BCUs,
// boroughs, LSOAs, criminality, agencies) are kept one item a line.

/// A version of the organised crime group policy (table `ocg_policy_versions`).
public final class OCGPolicyVersion: Model, @unchecked Sendable {
    public static let schema = "ocg_policy_versions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // Managed
    @Field(key: "version") public var version: Int
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "created_by_user_id") public var createdByUserID: Int?
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "reason") public var reason: String

    // Data
    @Field(key: "mapping_days") public var mappingDays: Int
    @Field(key: "reassessment_days") public var reassessmentDays: Int
    @Field(key: "band1_from") public var band1From: Int
    @Field(key: "band2_from") public var band2From: Int
    @Field(key: "lead_minimum_rank") public var leadMinimumRank: String
    @Field(key: "lead_minimum_pip") public var leadMinimumPIP: Int

    public init() {}
}

/// An organised crime group (table `organised_crime_groups`).
public final class OrganisedCrimeGroupRecord: Model, @unchecked Sendable {
    public static let schema = "organised_crime_groups"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    // References
    @OptionalParent(key: "lead_officer_id") public var leadOfficer: Officer?

    // Managed
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    /// The last day a change of status was recorded (the identification day until then).
    @Field(key: "status_changed_on") public var statusChangedOn: String
    /// The first mapping's due day, fixed under the policy in force when the group was identified.
    @Field(key: "mapping_due_on") public var mappingDueOn: String

    // Data
    @Field(key: "reference") public var reference: String
    @Field(key: "name") public var name: String
    @Field(key: "identified_on") public var identifiedOn: String
    @Field(key: "status") public var status: String
    @Field(key: "status_reason") public var statusReason: String
    @Field(key: "criminality") public var criminality: String
    /// The owning BCU (the first of `bcus`), for scope and the per-BCU figures.
    @Field(key: "bcu_code") public var bcuCode: String
    @Field(key: "bcus") public var bcus: String
    @Field(key: "boroughs") public var boroughs: String
    @Field(key: "lsoas") public var lsoas: String
    @Field(key: "indicators") public var indicators: String

    public init() {}
}

/// A person's membership of a group (table `ocg_members`).
public final class OCGMemberRecord: Model, @unchecked Sendable {
    public static let schema = "ocg_members"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "group_id") public var group: OrganisedCrimeGroupRecord
    @Parent(key: "person_id") public var person: PersonModel
    @Field(key: "role") public var role: String
    @Field(key: "added_on") public var addedOn: String

    public init() {}
}

/// A scoring of a group on the threat–harm–risk matrix (table `ocg_mappings`). Each row keeps the day it was due
/// (the first mapping's deadline, or the last scoring's re-assessment day) and the day the next is due, under the
/// policy in force when it was made, so a past period's figures are computed as they stood.
public final class OCGMappingRecord: Model, @unchecked Sendable {
    public static let schema = "ocg_mappings"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "group_id") public var group: OrganisedCrimeGroupRecord

    // Managed
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "scorer_user_id") public var scorerUserID: Int?
    @Field(key: "scorer") public var scorer: String
    @Field(key: "policy_version") public var policyVersion: Int

    // Data
    @Field(key: "scored_on") public var scoredOn: String
    @Field(key: "threat") public var threat: Int
    @Field(key: "harm") public var harm: Int
    @Field(key: "risk") public var risk: Int
    @Field(key: "total") public var total: Int
    @Field(key: "band") public var band: Int
    @Field(key: "rationale") public var rationale: String
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "next_due_on") public var nextDueOn: String

    public init() {}
}

/// An action in a group's 4P management plan (table `ocg_plan_actions`).
public final class OCGPlanActionRecord: Model, @unchecked Sendable {
    public static let schema = "ocg_plan_actions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "group_id") public var group: OrganisedCrimeGroupRecord
    @OptionalParent(key: "owner_officer_id") public var ownerOfficer: Officer?

    // Managed
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "updated_at") public var updatedAt: Date

    // Data
    @Field(key: "p") public var p: String
    @Field(key: "action") public var action: String
    @Field(key: "owner_agency") public var ownerAgency: String
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "status") public var status: String
    @Field(key: "result") public var result: String

    public init() {}
}

/// A disruption against a group (table `ocg_disruptions`).
public final class OCGDisruptionRecord: Model, @unchecked Sendable {
    public static let schema = "ocg_disruptions"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "group_id") public var group: OrganisedCrimeGroupRecord

    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String

    @Field(key: "type") public var type: String
    @Field(key: "p") public var p: String
    @Field(key: "disrupted_on") public var disruptedOn: String
    @Field(key: "outcome") public var outcome: String

    public init() {}
}

/// A crime linked to a group (table `ocg_crimes`).
public final class OCGCrimeLinkRecord: Model, @unchecked Sendable {
    public static let schema = "ocg_crimes"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "group_id") public var group: OrganisedCrimeGroupRecord
    @Parent(key: "crime_id") public var crime: CrimeRecord
    @Field(key: "linked_at") public var linkedAt: Date
    @Field(key: "linked_by") public var linkedBy: String

    public init() {}
}

/// Intelligence submitted on a group from the BCU awareness view (table `ocg_intelligence`).
public final class OCGIntelligenceRecord: Model, @unchecked Sendable {
    public static let schema = "ocg_intelligence"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Parent(key: "group_id") public var group: OrganisedCrimeGroupRecord
    @Field(key: "submitted_at") public var submittedAt: Date
    @OptionalField(key: "submitter_user_id") public var submitterUserID: Int?
    @Field(key: "submitted_by") public var submittedBy: String
    @Field(key: "text") public var text: String

    public init() {}
}

/// A partnership meeting on serious and organised crime (table `soc_partnership_meetings`).
public final class PartnershipMeetingRecord: Model, @unchecked Sendable {
    public static let schema = "soc_partnership_meetings"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String

    @Field(key: "bcu_code") public var bcuCode: String
    @Field(key: "held_on") public var heldOn: String
    @Field(key: "seniority") public var seniority: String
    @Field(key: "agencies") public var agencies: String
    @Field(key: "decisions") public var decisions: String
    @Field(key: "intelligence_shared") public var intelligenceShared: String

    public init() {}
}

/// A serious and organised crime local profile (table `soc_local_profiles`).
public final class LocalProfileRecord: Model, @unchecked Sendable {
    public static let schema = "soc_local_profiles"

    @ID(custom: .id, generatedBy: .database) public var id: Int?

    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String

    @Field(key: "bcu_code") public var bcuCode: String
    @Field(key: "title") public var title: String
    @Field(key: "published_on") public var publishedOn: String
    @Field(key: "review_on") public var reviewOn: String
    @Field(key: "partners") public var partners: String
    @Field(key: "summary") public var summary: String

    public init() {}
}

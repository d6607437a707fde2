import BluelampCore
import Foundation

/// The organised crime pages' addresses (issue 19).
extension Paths {
    static func ocgRegister(bcu: BCU? = nil, status: OCGStatus? = nil, notice: String? = nil) -> String {
        address("/organised-crime", query: [("bcu", bcu?.code), ("status", status?.rawValue), ("notice", notice)])
    }
    static func ocgGroup(_ id: Int, notice: String? = nil, anchor: String? = nil) -> String {
        address("/organised-crime/groups/\(id)", query: [("notice", notice)], anchor: anchor)
    }
    static func ocgGroupPart(_ id: Int, _ part: String) -> String { "/organised-crime/groups/\(id)/\(part)" }
    static func ocgPlanAction(_ groupID: Int, _ actionID: Int) -> String {
        "/organised-crime/groups/\(groupID)/plan/\(actionID)"
    }
    static func ocgAwareness(bcu: BCU? = nil, notice: String? = nil) -> String {
        address("/organised-crime/awareness", query: [("bcu", bcu?.code), ("notice", notice)])
    }
    static func ocgIntelligence(_ groupID: Int) -> String { "/organised-crime/groups/\(groupID)/intelligence" }
    static func ocgPartnerships(notice: String? = nil) -> String {
        address("/organised-crime/partnerships", query: [("notice", notice)])
    }
    static let ocgMeetings = "/organised-crime/partnerships/meetings"
    static let ocgProfiles = "/organised-crime/partnerships/profiles"
    static let ocgMine = "/organised-crime/mine"
    static func ocgPolicy(notice: String? = nil) -> String {
        address("/organised-crime/policy", query: [("notice", notice)])
    }
}

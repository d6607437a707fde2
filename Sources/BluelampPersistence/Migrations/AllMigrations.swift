import FluentKit

/// Every migration, in order. Append only; a migration's `name` never changes once released.
public let allMigrations: [any Migration] = [
    CreateForces(),
    CreateBCUs(),
    CreateTeams(),
    CreateOfficers(),
    CreateUsers(),
    CreateUserSessions(),
    CreateAPITokens(),
    CreateAuditEvents(),
]

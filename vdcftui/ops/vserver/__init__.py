"""Operations on vServers (zones): definition and commit, run state, modification,
migration, detach and attach, removal, dependencies."""

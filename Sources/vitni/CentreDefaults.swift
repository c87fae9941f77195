import VitniKit

/// The centre's defaults from `$VITNI_HOME/config.toml` (none when it is absent); an option
/// given on the command line always wins.
func centreDefaults() throws -> CentreConfig { try CentreConfig.load(home: KeyStore().home) }

// Command hrgflow is the command line of the hrgflow pipeline: the top of
// the dependency graph (cmd → pipeline → grouper → schemas). It parses flags
// into the configuration structs of the packages below, sets up logging,
// and maps errors to exit codes in one place (Main).
package main

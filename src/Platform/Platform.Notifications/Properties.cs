using System.Runtime.CompilerServices;

// The schema test builds the module's context directly.
[assembly: InternalsVisibleTo("Platform.Tests")]

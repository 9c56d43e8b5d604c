// The checkpoint tests fuzz the header and pickle parsers directly, in memory.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("T0Sharp.Models.Tests")]

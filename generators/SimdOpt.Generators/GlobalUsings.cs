// The namespaces nearly every stage's files read; each file names only what is particular to it.
global using System.Collections.Generic;
global using System.Linq;
global using SimdOpt.Generators.Model;

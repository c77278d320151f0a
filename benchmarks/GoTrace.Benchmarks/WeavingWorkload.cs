using System.IO;
using System.Text;

namespace GoTrace.Benchmarks;

/// <summary>
/// A large generated project for the weaving benchmark: <c>classes</c> service classes of the shapes real code
/// has (loops, branches, try/catch, generics, lambdas, a local function, async and iterator methods,
/// constructors, expression-bodied members), about 17 traced functions each.
/// </summary>
public static class WeavingWorkload
{
    /// <summary>Writes WeavingWorkload.csproj and its sources into <paramref name="directory"/>; returns the project path.</summary>
    public static string Write(string directory, string repositoryRoot, int classes)
    {
        Directory.CreateDirectory(directory);
        var project = Path.Combine(directory, "WeavingWorkload.csproj");
        var runtime = Path.Combine(repositoryRoot, "GoTrace.Runtime", "GoTrace.Runtime.csproj");
        var weaver = Path.Combine(repositoryRoot, "GoTrace.Fody", "GoTrace.Fody.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>disable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);CS1998</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Fody" Version="6.9.3" PrivateAssets="all" />
                <ProjectReference Include="{runtime}" />
                <ProjectReference Include="{weaver}" ReferenceOutputAssembly="false" Private="false" />
              </ItemGroup>
              <!-- The in-solution weaver, from wherever this build put it. -->
              <Target Name="AddGoTraceWeaver" BeforeTargets="FodyTarget">
                <MSBuild Projects="{weaver}" Targets="GetTargetPath">
                  <Output TaskParameter="TargetOutputs" ItemName="WeaverFiles" />
                </MSBuild>
              </Target>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "FodyWeavers.xml"), "<Weavers><GoTrace /></Weavers>\n");
        for (var i = 0; i < classes; i++)
        {
            File.WriteAllText(Path.Combine(directory, $"Service{i}.cs"), ServiceSource(i, (i + 1) % classes));
        }

        return project;
    }

    static string ServiceSource(int index, int next)
    {
        var source = new StringBuilder();
        source.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;

            namespace Weaving.Workload.Area{{index % 10}};

            public sealed class Service{{index}}
            {
                private readonly List<int> _items = new List<int>();
                private string _name = "service{{index}}";

                public Service{{index}}()
                {
                    for (var k = 0; k < 8; k++)
                    {
                        _items.Add(k * {{index + 1}});
                    }
                }

                public int Count => _items.Count;

                public string Name
                {
                    get => _name;
                    set => _name = value ?? throw new ArgumentNullException(nameof(value));
                }

                public int Sum()
                {
                    var total = 0;
                    foreach (var item in _items)
                    {
                        total += item;
                    }

                    return total;
                }

                public string Describe(string prefix) => $"{prefix}:{_name}:{Sum()}";

                public int Clamp(int value)
                {
                    if (value < 0)
                    {
                        return 0;
                    }

                    if (value > 1000)
                    {
                        return 1000;
                    }

                    return value * 2;
                }

                public int ParseOr(string text, int fallback)
                {
                    try
                    {
                        return int.Parse(text);
                    }
                    catch (FormatException)
                    {
                        return fallback;
                    }
                    finally
                    {
                        _name = _name.Trim();
                    }
                }

                public T Pick<T>(T first, T second, bool takeFirst) => takeFirst ? first : second;

                public int Query(int threshold) => _items.Where(item => item > threshold).Select(item => item * 3).Sum();

                public async Task<int> LoadAsync(int delay)
                {
                    await Task.Yield();
                    return Clamp(delay) + Sum();
                }

                public IEnumerable<int> Evens()
                {
                    foreach (var item in _items)
                    {
                        if (item % 2 == 0)
                        {
                            yield return item;
                        }
                    }
                }

                public int Combine(int a, int b)
                {
                    int Scale(int value) => value * a;
                    return Scale(b) + Scale(a);
                }

                public void Visit(global::Weaving.Workload.Area{{next % 10}}.Service{{next}} other) => other.Clamp(Count);

                public static Service{{index}} Create() => new Service{{index}}();

                public override string ToString() => Describe("service");
            }

            """);
        return source.ToString();
    }
}

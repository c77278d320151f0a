using System;
using System.IO;
using System.Xml.Linq;
using Fody;
using GoTrace.Fody;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace GoTrace.Cli;

/// <summary>
/// Weaves one assembly file in place with the same <see cref="ModuleWeaver"/> the Fody package runs,
/// set up the way Fody sets it up. References resolve from the assembly's own folder, which must already
/// hold GoTrace.Runtime.dll.
/// </summary>
public static class AssemblyWeaver
{
    public static WeaveResult Weave(string assemblyPath, string? include, string? exclude, string? tinyMembers = null)
    {
        var result = new WeaveResult(assemblyPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;
        var scratch = Path.Combine(directory, ".gotrace-weaving");
        var wovenPath = Path.Combine(scratch, Path.GetFileName(assemblyPath));

        using (var resolver = new WeaverAssemblyResolver(directory))
        using (var module = Read(assemblyPath, resolver))
        {
            if (ModuleWeaver.IsWoven(module))
            {
                result.AlreadyWoven = true;
                return result;
            }

            var weaver = CreateWeaver(module, assemblyPath, resolver, Config(include, exclude, tinyMembers), result);
            try
            {
                weaver.Execute();
            }
            catch (WeavingException exception)
            {
                result.Errors.Add(exception.Message);
            }

            result.WovenCount = weaver.WovenCount;
            result.Warnings.AddRange(weaver.NotTraced);
            result.Skipped = weaver.Skipped;
            if (result.Errors.Count > 0)
            {
                return result;
            }

            Directory.CreateDirectory(scratch);
            module.Write(wovenPath, new WriterParameters { WriteSymbols = module.HasSymbols });
        }

        // Cecil reads lazily from the original file: replace it only once the module is closed.
        File.Move(wovenPath, assemblyPath, overwrite: true);
        var wovenSymbols = Path.ChangeExtension(wovenPath, ".pdb");
        if (File.Exists(wovenSymbols))
        {
            File.Move(wovenSymbols, Path.ChangeExtension(assemblyPath, ".pdb"), overwrite: true);
        }

        Directory.Delete(scratch, recursive: true);
        result.Written = true;
        return result;
    }

    /// <summary>Whether the assembly already carries a GoTrace function table (it was woven before).</summary>
    public static bool IsWoven(string assemblyPath)
    {
        try
        {
            using var module = ModuleDefinition.ReadModule(assemblyPath);
            return ModuleWeaver.IsWoven(module);
        }
        catch (BadImageFormatException)
        {
            throw new CliException($"{assemblyPath} is not a .NET assembly");
        }
    }

    /// <summary>The weaver's configuration, as FodyWeavers.xml would give it: attributes only when given.</summary>
    public static XElement Config(string? include, string? exclude, string? tinyMembers = null)
    {
        var config = new XElement("GoTrace");
        if (include != null)
        {
            config.SetAttributeValue("Include", include);
        }

        if (exclude != null)
        {
            config.SetAttributeValue("Exclude", exclude);
        }

        if (tinyMembers != null)
        {
            config.SetAttributeValue("TinyMembers", tinyMembers);
        }

        return config;
    }

    static ModuleDefinition Read(string assemblyPath, IAssemblyResolver resolver)
    {
        try
        {
            return ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters
            {
                AssemblyResolver = resolver,
                ReadSymbols = true,
                SymbolReaderProvider = new DefaultSymbolReaderProvider(throwIfNoSymbol: false),
            });
        }
        catch (SymbolsNotMatchingException)
        {
            return ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { AssemblyResolver = resolver });
        }
        catch (BadImageFormatException exception)
        {
            throw new CliException($"{assemblyPath} is not a .NET assembly: {exception.Message}", ExitCodes.Failure);
        }
    }

    static ModuleWeaver CreateWeaver(ModuleDefinition module, string assemblyPath, IAssemblyResolver resolver,
        XElement config, WeaveResult result)
    {
        // The Log*/Find* hooks are obsolete for weavers to call, not for a host to set: Fody sets them too.
#pragma warning disable CS0618
        var weaver = new ModuleWeaver
        {
            ModuleDefinition = module,
            AssemblyFilePath = assemblyPath,
            Config = config,
            AssemblyResolver = resolver,
            ResolveAssembly = name => Resolve(resolver, name),
            LogDebug = _ => { },
            LogInfo = result.Messages.Add,
            LogMessage = (text, _) => result.Messages.Add(text),
            LogWarning = result.Warnings.Add,
            LogWarningPoint = (text, point) => result.Warnings.Add(WithLocation(text, point)),
            LogError = result.Errors.Add,
            LogErrorPoint = (text, point) => result.Errors.Add(WithLocation(text, point)),
        };

        var typeCache = new TypeCache(name => Resolve(resolver, name));
        typeCache.BuildAssembliesToScan(weaver);
        weaver.FindType = typeCache.FindType;
        weaver.TryFindType = typeCache.TryFindType;
        weaver.TypeSystem = new global::Fody.TypeSystem(typeCache.FindType, module);
#pragma warning restore CS0618
        return weaver;
    }

    static AssemblyDefinition? Resolve(IAssemblyResolver resolver, string name)
    {
        try
        {
            return resolver.Resolve(AssemblyNameReference.Parse(name));
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }

    static string WithLocation(string text, SequencePoint? point) =>
        point == null ? text : $"{point.Document.Url}({point.StartLine},{point.StartColumn}): {text}";
}

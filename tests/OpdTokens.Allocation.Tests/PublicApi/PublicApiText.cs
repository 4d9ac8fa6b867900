using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace OpdTokens.Allocation.Tests.PublicApi;

/// <summary>Renders an assembly's public surface (types and their public and protected members, with nullable
/// annotations) as sorted C#-like text, one line per member, so a diff shows exactly what changed.</summary>
internal static class PublicApiText
{
    private static readonly NullabilityInfoContext Nullability = new();

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void",
        [typeof(object)] = "object",
        [typeof(string)] = "string",
        [typeof(bool)] = "bool",
        [typeof(char)] = "char",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
    };

    public static string Of(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Header(type)).Append('\n');
            foreach (var (_, member) in Members(type).OrderBy(m => m.SortKey, StringComparer.Ordinal))
            {
                text.Append("    ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Header(Type type)
    {
        var kind =
            type.IsEnum ? "enum"
            : type.IsInterface ? "interface"
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
            : type.IsValueType ? (type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly struct" : "struct")
            : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsAbstract ? "abstract class"
            : type.IsSealed ? "sealed class"
            : "class";
        if (IsRecord(type))
        {
            kind = kind.Replace("class", "record", StringComparison.Ordinal)
                .Replace("struct", "record struct", StringComparison.Ordinal);
        }

        var bases = new List<string>();
        if (
            type.BaseType is { } baseType
            && baseType != typeof(object)
            && baseType != typeof(ValueType)
            && baseType != typeof(Enum)
        )
        {
            bases.Add(Name(baseType));
        }

        var inherited = type.BaseType?.GetInterfaces() ?? [];
        bases.AddRange(
            type.GetInterfaces()
                .Where(i => !inherited.Contains(i) && i.IsPublic)
                .Select(Name)
                .Order(StringComparer.Ordinal)
        );
        if (type.IsEnum)
        {
            bases.Add(Name(Enum.GetUnderlyingType(type)));
        }

        var name = type.IsGenericType
            ? $"{type.Namespace}.{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(a => a.Name))}>"
            : type.FullName!.Replace('+', '.');
        return $"{kind} {name}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    /// <summary>Members sorted by kind (constants and fields, constructors, properties, methods, events, nested
    /// types), then by name.</summary>
    private static IEnumerable<(string SortKey, string Text)> Members(Type type)
    {
        const BindingFlags All =
            BindingFlags.Public
            | BindingFlags.NonPublic
            | BindingFlags.Instance
            | BindingFlags.Static
            | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var value = Convert.ToInt64(
                    field.GetRawConstantValue(),
                    System.Globalization.CultureInfo.InvariantCulture
                );
                yield return ($"0:{value:D20}", $"{field.Name} = {value}");
            }

            yield break;
        }

        foreach (var constructor in type.GetConstructors(All).Where(IsVisible))
        {
            var text = $"{Access(constructor)}ctor({Parameters(constructor)})";
            yield return ($"1:{text}", text);
        }

        foreach (
            var method in type.GetMethods(All)
                .Where(m =>
                    IsVisible(m) && !m.IsSpecialName
                    || m.Name.StartsWith("op_", StringComparison.Ordinal) && IsVisible(m)
                )
        )
        {
            if (method.Name.StartsWith('<'))
            {
                continue;
            }

            var generic = method.IsGenericMethod
                ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">"
                : "";
            yield return (
                $"3:{method.Name}:{Parameters(method)}",
                $"{Access(method)}{Modifiers(method)}{Name(method.ReturnParameter)} {method.Name}{generic}({Parameters(method)})"
            );
        }

        foreach (var property in type.GetProperties(All))
        {
            var accessors = new[] { property.GetMethod, property.SetMethod }
                .Where(a => a is not null && IsVisible(a))
                .ToList();
            if (accessors.Count == 0)
            {
                continue;
            }

            var first = accessors[0]!;
            var parts = new List<string>();
            if (property.GetMethod is { } get && IsVisible(get))
            {
                parts.Add("get;");
            }

            if (property.SetMethod is { } set && IsVisible(set))
            {
                var init = set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                parts.Add(init ? "init;" : "set;");
            }

            var indexer = property.GetIndexParameters() is { Length: > 0 } index
                ? $"this[{string.Join(", ", index.Select(Parameter))}]"
                : property.Name;
            var required = property.IsDefined(typeof(RequiredMemberAttribute)) ? "required " : "";
            yield return (
                $"2:{indexer}",
                $"{Access(first)}{Modifiers(first)}{required}{Name(Nullability.Create(property))} {indexer} {{ {string.Join(" ", parts)} }}"
            );
        }

        foreach (
            var field in type.GetFields(All)
                .Where(f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && !f.Name.StartsWith('<'))
        )
        {
            var access = field.IsPublic ? "public " : "protected ";
            var name = Name(Nullability.Create(field));
            if (field.IsLiteral)
            {
                yield return (
                    $"0:{field.Name}",
                    $"{access}const {name} {field.Name} = {Literal(field.GetRawConstantValue())}"
                );
            }
            else
            {
                yield return (
                    $"0:{field.Name}",
                    $"{access}{(field.IsStatic ? "static " : "")}{(field.IsInitOnly ? "readonly " : "")}{name} {field.Name}"
                );
            }
        }

        foreach (var e in type.GetEvents(All).Where(e => e.AddMethod is { } add && IsVisible(add)))
        {
            yield return ($"4:{e.Name}", $"{Access(e.AddMethod!)}event {Name(e.EventHandlerType!)} {e.Name}");
        }

        foreach (
            var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)
                .Where(n => n.IsNestedPublic || n.IsNestedFamily)
        )
        {
            yield return ($"5:{nested.Name}", "nested " + Header(nested));
        }
    }

    private static bool IsRecord(Type type) =>
        type.GetMethod("<Clone>$") is not null
        || (
            type.IsValueType
            && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null
        );

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Modifiers(MethodInfo method) =>
        method.IsStatic ? "static "
        : method.IsAbstract && !method.DeclaringType!.IsInterface ? "abstract "
        : method.IsVirtual
        && !method.IsFinal
        && method.GetBaseDefinition() == method
        && !method.DeclaringType!.IsInterface
            ? "virtual "
        : method.IsVirtual && method.GetBaseDefinition() != method ? (method.IsFinal ? "sealed override " : "override ")
        : "";

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(Parameter));

    private static string Parameter(ParameterInfo parameter)
    {
        var prefix =
            parameter.IsDefined(typeof(ParamArrayAttribute)) ? "params "
            : parameter.IsIn && parameter.ParameterType.IsByRef ? "in "
            : parameter.IsOut ? "out "
            : parameter.ParameterType.IsByRef ? "ref "
            : "";
        var text = $"{prefix}{Name(parameter)} {parameter.Name}";
        if (!parameter.HasDefaultValue)
        {
            return text;
        }

        var type = parameter.ParameterType;
        return parameter.RawDefaultValue is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null
            ? $"{text} = default"
            : $"{text} = {Literal(parameter.RawDefaultValue)}";
    }

    private static string Literal(object? value) =>
        value switch
        {
            null => "null",
            string s => $"\"{s}\"",
            bool b => b ? "true" : "false",
            char c => $"'{c}'",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "null",
        };

    private static string Name(ParameterInfo parameter) => Name(Nullability.Create(parameter));

    private static string Name(NullabilityInfo info)
    {
        var type = info.Type.IsByRef ? info.Type.GetElementType()! : info.Type;
        var nullable = info.ReadState == NullabilityState.Nullable && !type.IsValueType ? "?" : "";
        if (type.IsArray && info.ElementType is { } element)
        {
            return Name(element) + "[]" + nullable;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsGenericType && info.GenericTypeArguments.Length == type.GetGenericArguments().Length)
        {
            return GenericName(type, info.GenericTypeArguments.Select(Name)) + nullable;
        }

        return Name(type) + nullable;
    }

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        return type.IsGenericType ? GenericName(type, type.GetGenericArguments().Select(Name)) : Qualified(type);
    }

    private static string GenericName(Type type, IEnumerable<string> arguments)
    {
        var definition = Qualified(type.GetGenericTypeDefinition());
        return definition[..definition.IndexOf('`', StringComparison.Ordinal)]
            + "<"
            + string.Join(", ", arguments)
            + ">";
    }

    /// <summary>Types of the library by their namespace-relative name, others fully qualified.</summary>
    private static string Qualified(Type type)
    {
        var name = type.IsNested ? Qualified(type.DeclaringType!) + "." + type.Name : type.FullName ?? type.Name;
        const string Library = "OpdTokens.Allocation.";
        return name.StartsWith(Library, StringComparison.Ordinal) ? name[Library.Length..] : name;
    }
}

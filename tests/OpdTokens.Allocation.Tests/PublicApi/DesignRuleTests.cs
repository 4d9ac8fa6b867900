using System.Reflection;
using System.Runtime.CompilerServices;

namespace OpdTokens.Allocation.Tests.PublicApi;

/// <summary>Design rules checked by reflection, in the manner of NodaTime's mutability test: the public model,
/// command, event and analytics types are immutable.</summary>
public sealed class DesignRuleTests
{
    /// <summary>The everyday namespace holds the models, commands, results, events and analytics.</summary>
    private const string ModelNamespace = "OpdTokens.Allocation";

    /// <summary>Types of that namespace that are services or settings, not values: declared mutable.</summary>
    private static readonly Type[] DeclaredMutable = [typeof(AllocationEngine), typeof(OpdTokenAllocationOptions)];

    private static readonly Type[] MutableCollections =
    [
        typeof(List<>),
        typeof(Dictionary<,>),
        typeof(HashSet<>),
        typeof(SortedDictionary<,>),
        typeof(SortedSet<>),
        typeof(Queue<>),
        typeof(Stack<>),
        typeof(ICollection<>),
        typeof(IList<>),
        typeof(IDictionary<,>),
        typeof(ISet<>),
    ];

    public static TheoryData<Type> ModelTypes => [.. Types()];

    [Fact]
    public void There_are_model_types_to_check()
    {
        Assert.InRange(Types().Count, 40, 200);
    }

    private static List<Type> Types() =>
        [
            .. typeof(AllocationEngine)
                .Assembly.GetExportedTypes()
                .Where(t => t.Namespace == ModelNamespace && !DeclaredMutable.Contains(t))
                // Enumerators of the read-only views move by nature; the views themselves are checked.
                .Where(t => !typeof(System.Collections.IEnumerator).IsAssignableFrom(t))
                .Where(t => !t.IsEnum && !t.IsInterface && !(t.IsAbstract && t.IsSealed))
                .OrderBy(t => t.FullName, StringComparer.Ordinal),
        ];

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_types_are_immutable(Type type)
    {
        const BindingFlags Visible =
            BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var problems = new List<string>();
        foreach (var property in type.GetProperties(Visible))
        {
            if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
            {
                problems.Add($"property {property.Name} has a public setter");
            }

            if (IsMutableCollection(property.PropertyType))
            {
                problems.Add($"property {property.Name} is a mutable collection ({property.PropertyType.Name})");
            }
        }

        foreach (var field in type.GetFields(Visible))
        {
            if (!field.IsInitOnly && !field.IsLiteral)
            {
                problems.Add($"field {field.Name} can be assigned");
            }

            if (IsMutableCollection(field.FieldType))
            {
                problems.Add($"field {field.Name} is a mutable collection");
            }
        }

        if (type.IsValueType && !type.IsDefined(typeof(IsReadOnlyAttribute)))
        {
            problems.Add("it is a struct that is not readonly");
        }

        if (type.IsClass && !type.IsSealed && !type.IsAbstract)
        {
            problems.Add("it is a class open to mutable subclasses (neither sealed nor abstract)");
        }

        Assert.True(problems.Count == 0, $"{type.FullName} is not immutable: {string.Join("; ", problems)}.");
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsMutableCollection(Type type) =>
        type.IsArray
        || (type.IsGenericType && MutableCollections.Contains(type.GetGenericTypeDefinition()))
        || (
            type.IsGenericType
            && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollection<>))
            && !type.Namespace!.StartsWith("System.Collections.Immutable", StringComparison.Ordinal)
        );
}

namespace OpdTokens.Allocation.Testing;

/// <summary>Marks a method of <see cref="StateStoreConformanceTests"/> as one conformance check: a public
/// <see cref="Task"/>-returning instance method without parameters, listed in
/// <see cref="StateStoreConformance.CheckNames"/> under its own name, in the order of the source file.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
internal sealed class ConformanceCheckAttribute : Attribute;

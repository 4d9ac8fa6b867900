namespace OpdTokens.Allocation.Testing;

/// <summary>Marks the kit's failures as assertion failures for xunit v3, which recognises an interface of this name in
/// any namespace, so a failed check reads as a failed assertion rather than an error.</summary>
internal interface IAssertionException;

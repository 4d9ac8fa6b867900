using System.Globalization;

namespace OpdTokens.Allocation.Core;

/// <summary>Registry rules: valid doctor details and the next free generated id.</summary>
internal static class DoctorRules
{
    public static CommandResult<Doctor> Register(IReadOnlyDictionary<DoctorId, Doctor> registry, RegisterDoctor command)
    {
        var errors = new List<FieldError>();
        InputRules.CheckDoctorText(command.Name, command.Specialty, errors);
        if (command.Id is { } requested && !DoctorId.IsValid(requested.Value))
        {
            errors.Add(
                new FieldError(
                    "id",
                    "A doctor id is 1 to 32 letters, digits, '_' or '-', starting with a letter or digit."
                )
            );
        }

        if (errors.Count > 0)
        {
            return AllocationError.Validation([.. errors]);
        }

        var id = command.Id ?? NextId(registry);
        if (registry.ContainsKey(id))
        {
            return new AllocationError(AllocationErrorCode.Conflict, $"Doctor id {id} is already taken.");
        }

        return new Doctor(id, command.Name, command.Specialty);
    }

    public static CommandResult<Doctor> Update(IReadOnlyDictionary<DoctorId, Doctor> registry, UpdateDoctor command)
    {
        var errors = new List<FieldError>();
        InputRules.CheckDoctorText(command.Name, command.Specialty, errors);
        if (errors.Count > 0)
        {
            return AllocationError.Validation([.. errors]);
        }

        if (!registry.ContainsKey(command.Id))
        {
            return AllocationError.NotFound($"Doctor {command.Id} does not exist.");
        }

        return new Doctor(command.Id, command.Name, command.Specialty, command.IsActive);
    }

    /// <summary><c>D{n}</c> with n one more than the largest generated id so far.</summary>
    public static DoctorId NextId(IReadOnlyDictionary<DoctorId, Doctor> registry)
    {
        var max = 0;
        foreach (var id in registry.Keys)
        {
            var text = id.Value;
            if (
                text.StartsWith('D')
                && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            )
            {
                max = Math.Max(max, n);
            }
        }

        return new DoctorId("D" + (max + 1).ToString(CultureInfo.InvariantCulture));
    }
}

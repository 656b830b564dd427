<#
.SYNOPSIS
    Makes this Windows machine a locked-down candidate station: the kiosk program replaces
    Explorer as the shell of a dedicated local account, with Keyboard Filter on.

.DESCRIPTION
    For Windows 10/11 Enterprise, Education or IoT Enterprise (Shell Launcher and Keyboard
    Filter are not in Home or Pro).  Run in an elevated PowerShell, once per station:

        powershell -ExecutionPolicy Bypass -File shell-launcher.ps1 `
            -KioskExe 'C:\Kiosk\venv\Scripts\kiosk.exe' -Station 'hall1-seat07' `
            -DatabaseUrl 'postgresql://station@db-server/kiosk'

    What it does, in order (each step says so as it goes):
      1. creates the local standard account (default "kiosk") if it does not exist;
      2. enables the Shell Launcher and Keyboard Filter features (a restart may be needed; run
         the script again afterwards);
      3. sets the station's environment for the machine (KIOSK_DATABASE_URL, KIOSK_STATION,
         KIOSK_DATA_DIR) and lets the account write to the data folder;
      4. makes kiosk.exe (which runs the station) the account's shell: exit code 0 (an administrator chose "Quit the
         program") shuts the machine down, any other exit (a crash) starts the program again;
         every other account keeps Explorer;
      5. blocks the system's key combinations for non-administrators (Keyboard Filter);
      6. optionally signs the account in automatically.

    -Remove undoes steps 4 and 6 (the account keeps Explorer again; features stay enabled).

    UNTESTED on real station hardware: try it on one machine, with someone playing the
    candidate, before a competition day (packaging/README.md, section 4).

.NOTES
    Shell Launcher (WESL_UserSetting) and Keyboard Filter (WEKF_PredefinedKey) are configured
    through their WMI providers in root\standardcimv2\embedded, as Microsoft documents them.
#>
[CmdletBinding()]
param(
    # The local account the station runs as.  Not an administrator.
    [string] $KioskUser = 'kiosk',

    # The station program (the "kiosk" console script of the virtual environment).
    [string] $KioskExe = 'C:\Kiosk\venv\Scripts\kiosk.exe',

    # <PLACEHOLDER> The center's database.  Keep the password out of the URL: put it in the
    # kiosk account's %APPDATA%\postgresql\pgpass.conf.
    [string] $DatabaseUrl = 'postgresql://<STATION_DB_ROLE>@<DB_SERVER>/kiosk',

    # <PLACEHOLDER> The seat's name as the proctor's console shows it.
    [string] $Station = $env:COMPUTERNAME,

    # Logs and PDFs waiting for the printer.
    [string] $DataDir = 'C:\KioskData',

    # Sign the kiosk account in automatically at start-up (stores its password in the registry
    # in clear; Sysinternals Autologon stores it encrypted and is the better tool).
    [switch] $AutoLogon,

    # Give the account Explorer back and stop signing it in automatically.
    [switch] $Remove
)

$ErrorActionPreference = 'Stop'
$Namespace = 'root\standardcimv2\embedded'

# Shell Launcher's actions when the shell program exits (WESL_UserSetting).
$RestartShell = 0
$RestartDevice = 1
$ShutdownDevice = 2
$DoNothing = 3

function Write-Step([string] $Text) { Write-Host "==> $Text" -ForegroundColor Cyan }

function Get-AccountSid([string] $Name) {
    $account = New-Object System.Security.Principal.NTAccount($Name)
    return $account.Translate([System.Security.Principal.SecurityIdentifier]).Value
}

function Assert-Administrator {
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object Security.Principal.WindowsPrincipal($identity)
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        throw 'Run this script in an elevated PowerShell (Run as administrator).'
    }
}

function Enable-Feature([string] $Name) {
    $feature = Get-WindowsOptionalFeature -Online -FeatureName $Name
    if ($feature.State -ne 'Enabled') {
        Write-Step "enabling $Name"
        $result = Enable-WindowsOptionalFeature -Online -FeatureName $Name -All -NoRestart
        if ($result.RestartNeeded) {
            Write-Warning "Restart Windows, then run this script again ($Name needs it)."
            exit 3010
        }
    }
}

Assert-Administrator

# -- undo --------------------------------------------------------------------------------------

if ($Remove) {
    $sid = Get-AccountSid $KioskUser
    $launcher = [wmiclass]"\\localhost\${Namespace}:WESL_UserSetting"
    Write-Step "giving $KioskUser Explorer back"
    $launcher.RemoveCustomShell($sid) | Out-Null
    $winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
    Set-ItemProperty -Path $winlogon -Name AutoAdminLogon -Value '0'
    Remove-ItemProperty -Path $winlogon -Name DefaultPassword -ErrorAction SilentlyContinue
    Write-Step 'done; Keyboard Filter rules stay on (disable them in the same WMI class)'
    exit 0
}

if (-not (Test-Path $KioskExe)) {
    throw "No station program at ${KioskExe}; install it first (packaging/README.md, section 3)."
}

# -- 1. the account ---------------------------------------------------------------------------

if (-not (Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue)) {
    Write-Step "creating the local standard account $KioskUser"
    # A long random password nobody needs to know: the account signs in automatically, and
    # staff sign in to the program with their own accounts.
    $password = Read-Host -AsSecureString "A password for $KioskUser (keep it with the station's papers)"
    New-LocalUser -Name $KioskUser -Password $password -FullName 'Candidate station' `
        -Description 'Runs the qualification-testing station; signs in automatically' `
        -PasswordNeverExpires -UserMayNotChangePassword | Out-Null
    Add-LocalGroupMember -Group 'Users' -Member $KioskUser
}
if (Get-LocalGroupMember -Group 'Administrators' -Member $KioskUser -ErrorAction SilentlyContinue) {
    throw "$KioskUser is an administrator of this machine: make it a standard account first."
}

# -- 2. features -------------------------------------------------------------------------------

Enable-Feature 'Client-EmbeddedShellLauncher'
Enable-Feature 'Client-KeyboardFilter'

# -- 3. the station's environment --------------------------------------------------------------

Write-Step "station settings for the machine: $Station, data in $DataDir"
[Environment]::SetEnvironmentVariable('KIOSK_DATABASE_URL', $DatabaseUrl, 'Machine')
[Environment]::SetEnvironmentVariable('KIOSK_STATION', $Station, 'Machine')
[Environment]::SetEnvironmentVariable('KIOSK_DATA_DIR', $DataDir, 'Machine')
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
# Modify rights for the kiosk account on the data folder and below; nothing else.
& icacls $DataDir /grant "${KioskUser}:(OI)(CI)M" | Out-Null

# -- 4. Shell Launcher -------------------------------------------------------------------------

$launcher = [wmiclass]"\\localhost\${Namespace}:WESL_UserSetting"
$kioskSid = Get-AccountSid $KioskUser
# Everyone without a rule of their own (administrators, maintenance) keeps Explorer.
$launcher.SetDefaultShell('explorer.exe', $RestartShell) | Out-Null
# The built-in Administrators group explicitly too, so that a mistake in the default above can
# never lock the staff out.
$launcher.SetCustomShell('S-1-5-32-544', 'explorer.exe', $null, $null, $RestartShell) | Out-Null
# The station: kiosk.exe with no arguments runs the station.  Exit code 0 means an administrator
# quit on purpose: shut down.  Anything else is a crash: start the program again (it comes back
# closed; an operator opens it and the candidate resumes with their code).
Write-Step "making $KioskExe the shell of $KioskUser"
$launcher.SetCustomShell(
    $kioskSid,
    $KioskExe,
    [int[]]@(0),
    [int[]]@($ShutdownDevice),
    $RestartShell
) | Out-Null
$launcher.SetEnabled($true) | Out-Null
if (-not $launcher.IsEnabled().Enabled) {
    throw 'Shell Launcher did not turn on: check the feature and restart Windows.'
}

# -- 5. Keyboard Filter ------------------------------------------------------------------------

# Names of Keyboard Filter's predefined combinations.  Keyboard Filter leaves administrators'
# sessions alone by default, so staff keep these keys.  Ctrl+Shift+F12 (the program's staff
# chord) is deliberately not in the list.
$blocked = @(
    'Ctrl+Alt+Del', 'Shift+Ctrl+Esc', 'Ctrl+Esc', 'Alt+Tab', 'Alt+F4', 'Alt+Esc', 'Alt+Space',
    'Windows', 'Win+L', 'Win+D', 'Win+E', 'Win+R', 'Win+Tab', 'Win+M', 'Win+U', 'Win+X',
    'Win+A', 'Win+S', 'Win+I', 'Win+K', 'Win+P', 'Win+Enter', 'Ctrl+Win+F',
    'BrowserHome', 'BrowserSearch', 'LaunchMail', 'LaunchApp1', 'LaunchApp2'
)
foreach ($id in $blocked) {
    $rule = Get-CimInstance -Namespace $Namespace -ClassName WEKF_PredefinedKey `
        -Filter "Id='$id'" -ErrorAction SilentlyContinue
    if ($null -eq $rule) {
        # Names differ a little between Windows versions: list yours with
        #   Get-CimInstance -Namespace root\standardcimv2\embedded -ClassName WEKF_PredefinedKey
        Write-Warning "Keyboard Filter knows no combination named '$id' here; skipped."
        continue
    }
    Set-CimInstance -InputObject $rule -Property @{ Enabled = $true }
}
Write-Step "Keyboard Filter blocks $($blocked.Count) combinations for non-administrators"

# -- 6. automatic sign-in ----------------------------------------------------------------------

if ($AutoLogon) {
    Write-Step "signing $KioskUser in automatically"
    $secret = Read-Host -AsSecureString "The password of $KioskUser"
    $plain = [Runtime.InteropServices.Marshal]::PtrToStringAuto(
        [Runtime.InteropServices.Marshal]::SecureStringToBSTR($secret))
    $winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
    Set-ItemProperty -Path $winlogon -Name AutoAdminLogon -Value '1'
    Set-ItemProperty -Path $winlogon -Name DefaultUserName -Value $KioskUser
    Set-ItemProperty -Path $winlogon -Name DefaultDomainName -Value $env:COMPUTERNAME
    # In clear in the registry, readable by administrators: prefer Sysinternals Autologon.
    Set-ItemProperty -Path $winlogon -Name DefaultPassword -Value $plain
}

Write-Step 'done.  Now set the Group Policy of section 4.2 and the power settings, then restart.'

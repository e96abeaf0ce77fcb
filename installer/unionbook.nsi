; UnionBook (工会台账) installer: per user, no administrator rights (issue 18).
;
;   makensis -DVERSION=0.1.0 -DNUMERIC_VERSION=0.1.0.0 -DBUNDLE=dist\UnionBook-0.1.0 ^
;            -DOUTFILE=dist\UnionBook-0.1.0-setup.exe installer\unionbook.nsi
;
; (tools/bundle_smoke.py --installer passes these; CI compiles the script on Linux against the
; Linux bundle with -DAPP_EXE=UnionBook to prove it, the Windows workflow packs the Windows bundle.)
;
; - Installs into %LOCALAPPDATA%\Programs\UnionBook (where per-user programs go; no UAC prompt).
; - Start-menu and desktop shortcuts; "打开方式 → 工会台账" for .xlsx/.xls/.csv rosters (the
;   file is handed to a running window: ui/single_instance.py); Excel stays the default program.
; - Upgrades in place: the old program files are removed first (a file a newer version no longer
;   has must not stay behind), then the new ones copied. The database is upgraded, with a backup
;   first (backups/...-升级前.zip), by the program itself the first time it opens it.
; - The uninstaller removes the program, the shortcuts and the registry entries, and never the
;   data: %LOCALAPPDATA%\UnionBook\UnionBook (database, backups, attachments, templates) stays.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass -DVERSION=x.y.z (unionbook.__version__)"
!endif
!ifndef NUMERIC_VERSION
  !define NUMERIC_VERSION "${VERSION}.0"
!endif
!ifndef BUNDLE
  !error "pass -DBUNDLE=<the pyinstaller folder, e.g. dist\UnionBook-${VERSION}>"
!endif
!ifndef APP_EXE
  !define APP_EXE "UnionBook.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "UnionBook-${VERSION}-setup.exe"
!endif

!define APP_NAME "工会台账"
!define APP_ID "UnionBook"
!define PUBLISHER "UnionBook"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PROGID "UnionBook.Roster"
!define CLASSES "Software\Classes"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${NUMERIC_VERSION}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME} UnionBook"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT License"

!include "MUI2.nsh"

!define MUI_ICON "${__FILEDIR__}\unionbook.ico"
!define MUI_UNICON "${__FILEDIR__}\unionbook.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "运行${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; A running window keeps its files open: ask the chair to close it rather than half-replace them.
!macro WAIT_UNTIL_CLOSED UN
Function ${UN}WaitUntilClosed
  retry:
    IfFileExists "$INSTDIR\${APP_EXE}" 0 done
    ClearErrors
    FileOpen $0 "$INSTDIR\${APP_EXE}" a  ; fails while Windows runs the program
    IfErrors 0 closed
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME}正在运行。请先关闭它（数据会自动保存），再点“重试”。" /SD IDCANCEL IDRETRY retry
    Abort
  closed:
    FileClose $0
  done:
FunctionEnd
!macroend
!insertmacro WAIT_UNTIL_CLOSED ""
!insertmacro WAIT_UNTIL_CLOSED "un."

; The program's own files only, never the folder wholesale: INSTDIR may have been pointed at a
; folder that holds other things.
!macro REMOVE_PROGRAM_FILES
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\UnionBook.exe"
  Delete "$INSTDIR\unionbook-cli.exe"
  Delete "$INSTDIR\UnionBook"
!macroend

Section "${APP_NAME}" SecMain
  SectionIn RO
  Call WaitUntilClosed
  SetOutPath "$INSTDIR"
  !insertmacro REMOVE_PROGRAM_FILES
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\卸载${APP_NAME}.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; Apps & features (设置 → 应用): per user, so under HKCU.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME} UnionBook"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\卸载${APP_NAME}.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\卸载${APP_NAME}.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; 打开方式 for rosters, without taking .xlsx away from Excel/WPS.
  WriteRegStr HKCU "${CLASSES}\${PROGID}" "" "工会名单（${APP_NAME}导入）"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" --open "%1"'
  WriteRegStr HKCU "${CLASSES}\.xlsx\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "${CLASSES}\.xls\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "${CLASSES}\.csv\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "${CLASSES}\Applications\${APP_EXE}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" --open "%1"'
  WriteRegStr HKCU "${CLASSES}\Applications\${APP_EXE}" "FriendlyAppName" "${APP_NAME}"
SectionEnd

Section "Uninstall"
  Call un.WaitUntilClosed
  !insertmacro REMOVE_PROGRAM_FILES
  Delete "$INSTDIR\卸载${APP_NAME}.exe"
  RMDir "$INSTDIR"  ; only when empty
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${CLASSES}\${PROGID}"
  DeleteRegValue HKCU "${CLASSES}\.xlsx\OpenWithProgids" "${PROGID}"
  DeleteRegValue HKCU "${CLASSES}\.xls\OpenWithProgids" "${PROGID}"
  DeleteRegValue HKCU "${CLASSES}\.csv\OpenWithProgids" "${PROGID}"
  DeleteRegKey HKCU "${CLASSES}\Applications\${APP_EXE}"
  ; The data folder (%LOCALAPPDATA%\UnionBook\UnionBook: database, backups, attachments) is kept.
  MessageBox MB_OK|MB_ICONINFORMATION "${APP_NAME}已卸载。您的台账数据仍保存在：$\r$\n$LOCALAPPDATA\UnionBook\UnionBook$\r$\n重新安装后会自动使用这些数据。" /SD IDOK
SectionEnd

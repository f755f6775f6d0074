# bash completion for forkscope(1).  The options are those of
# forkscope --help (tests/cli/cli.sh, case completion, checks that they are).

# Completes the word at COMP_CWORD: options, and the values of those that
# take one (files, event kinds, users, pids); after --, the command to run
# and its arguments.
_forkscope()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local takes_value='--replay -r --output -o --perfetto --run-as --speed --interval
        --filter -F --comm -c --user -u --pid -p --events -e --ppid -P --container --count -n
        --duration -d --history-memory --history-file --keep --tombstones -T --columns
        --sort --scheme --color'
    local no_value='--help -h --log -l --json -j --poll --realtime --failed -f
        --threads -H --no-container-names --no-save --no-taskstats --version -V'
    local i

    COMPREPLY=()
    # after --: a command, completed as bash-completion completes one
    for (( i = 1; i < COMP_CWORD; i++ )); do
        [[ ${COMP_WORDS[i]} == -- ]] || continue
        if declare -F _command_offset >/dev/null; then
            _command_offset $(( i + 1 ))
        elif (( COMP_CWORD == i + 1 )); then
            mapfile -t COMPREPLY < <(compgen -c -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        fi
        return
    done
    # --option=value is one word to bash's completion, split it here
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    elif [[ " ${takes_value//$'\n'/ } " != *" $prev "* ]]; then
        prev=
    fi
    case $prev in
        --replay|-r|--output|-o|--perfetto)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return ;;
        --events|-e)
            # a comma-separated list: complete its last item
            local done_items=
            [[ $cur == *,* ]] && done_items=${cur%,*},
            mapfile -t COMPREPLY < <(compgen -P "$done_items" -W \
                'fork exec exit uid gid sid ptrace comm coredump snapshot lost all' \
                -- "${cur##*,}")
            compopt -o nospace 2>/dev/null
            return ;;
        --columns)
            # a comma-separated list: complete its last item
            local done_cols=
            [[ $cur == *,* ]] && done_cols=${cur%,*},
            mapfile -t COMPREPLY < <(compgen -P "$done_cols" -W 'cpu tcpu mem start unit container nspid' \
                -- "${cur##*,}")
            compopt -o nospace 2>/dev/null
            return ;;
        --sort)
            mapfile -t COMPREPLY < <(compgen -W 'seen start pid name cpu mem tcpu container' -- "$cur")
            return ;;
        --scheme)
            mapfile -t COMPREPLY < <(compgen -W 'default monochrome light' -- "$cur")
            return ;;
        --color)
            mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur")
            return ;;
        --user|-u|--run-as)
            mapfile -t COMPREPLY < <(compgen -u -- "$cur")
            return ;;
        --pid|-p|--ppid|-P)
            mapfile -t COMPREPLY < <(compgen -W "$(cd /proc && echo [0-9]*)" -- "$cur")
            return ;;
        ?*)
            return ;;  # a number or an expression: nothing to offer
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$takes_value $no_value" -- "$cur")
    fi
}
complete -F _forkscope forkscope

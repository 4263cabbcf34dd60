# bash completion for kgraph                              -*- shell-script -*-
# Installed by `make install` into bash-completion's completions folder.

_kgraph()
{
    local cur prev words cword
    _init_completion || return

    local commands="build check stats report diff timeline mapping"
    local options="--output --format --engine --style --cluster-by --title
        --dpi --timeout --max-memory --page --images --no-legend --legend
        --cite --sources --undirected --no-layout --match --date-order --merge-report
        --merge-edges --strict --max-errors --rejects --max-warnings --warnings --encoding
        --max-row-size --max-columns --header --type-from-file --mapping --types --exclude-types --relations
        --exclude-relations --since --until --dated-only --where --focus
        --depth --direction --path --to --min-degree --component --top
        --communities --collapse-by --old --new --changed-only --timeline
        --time-scale --quiet --timings --threads --help --version"

    case $prev in
    --old | --new)
        _filedir '@(csv|tsv|xlsx|ods|xls|CSV|TSV|XLSX|ODS|XLS)'
        return
        ;;
    -o | --output | --merge-report | --sources | --legend | --rejects)
        _filedir
        return
        ;;
    --mapping)
        _filedir '@(yml|yaml)'
        return
        ;;
    --style)
        _filedir csv
        return
        ;;
    --images)
        _filedir -d
        return
        ;;
    -T | --format)
        COMPREPLY=($(compgen -W "dot svg png pdf ps eps jpg gif graphml
            gexf gexf12 cyjs ftm neo4j xdot canon plain text csv json" \
            -- "$cur"))
        return
        ;;
    -K | --engine)
        COMPREPLY=($(compgen -W "dot neato fdp sfdp twopi circo" -- "$cur"))
        return
        ;;
    --page)
        COMPREPLY=($(compgen -W "a4 a3 letter a4-landscape a3-landscape
            letter-landscape auto" -- "$cur"))
        return
        ;;
    --match)
        COMPREPLY=($(compgen -W "exact loose" -- "$cur"))
        return
        ;;
    --time-scale)
        COMPREPLY=($(compgen -W "real even" -- "$cur"))
        return
        ;;
    --date-order)
        COMPREPLY=($(compgen -W "dmy mdy ymd" -- "$cur"))
        return
        ;;
    --direction)
        COMPREPLY=($(compgen -W "out in both" -- "$cur"))
        return
        ;;
    --component)
        COMPREPLY=($(compgen -W "largest" -- "$cur"))
        return
        ;;
    --warnings)
        COMPREPLY=($(compgen -W "some all" -- "$cur"))
        return
        ;;
    --encoding)
        COMPREPLY=($(compgen -W "UTF-8 latin1 cp1252 UTF-16LE UTF-16BE" \
            -- "$cur"))
        return
        ;;
    --cluster-by | --title | --dpi | --timeout | --max-memory | \
        --max-errors | --max-warnings | --max-row-size | --max-columns | \
        --header | \
        --types | --exclude-types | --relations | --exclude-relations | \
        --since | --until | --where | --focus | --depth | --path | --to | \
        --min-degree | --top | --collapse-by)
        return
        ;;
    esac

    if ((cword == 1)); then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    # the inputs: CSV and TSV files, workbooks, and folders of them
    _filedir '@(csv|tsv|xlsx|ods|xls|CSV|TSV|XLSX|ODS|XLS)'
} &&
    complete -F _kgraph kgraph

# ex: filetype=sh
